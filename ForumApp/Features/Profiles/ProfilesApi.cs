using ForumApp.Features.Accounts;
using ForumApp.Features.Search;
using ForumApp.Features.Threads;

namespace ForumApp.Features.Profiles;

/// <summary><c>GET /api/users?prefix=</c> (mention suggestions), <c>GET /api/users/{displayName}</c> and its comments (see docs/API.md). Anyone may read them.</summary>
public static class ProfilesApi
{
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup("/api/users").WithTags("Profiles");

        // Names for an "@" autocomplete. A lookup by prefix is a small search, so it draws on the search budget.
        users.MapGet("", async (string? prefix, string? threadId, MentionSuggestions suggestions, SearchLimits limits, HttpContext context) =>
        {
            long? thread = null;
            if (threadId is not null)
            {
                if (!ApiInput.TryParseId(threadId, out var id))
                {
                    return ApiInput.FieldError("threadId", "The thread id must be a positive whole number.");
                }

                thread = id;
            }

            if (limits.TryTake(context.Connection.RemoteIpAddress) is { } wait)
            {
                return ApiInput.Problem(new ForumError(ForumErrorKind.TooManyRequests, SearchLimits.Describe(wait), RetryAfter: wait), context);
            }

            var found = await suggestions.SuggestAsync(prefix, thread, ForumActor.IdOf(context.User), context.RequestAborted);
            return found.Value is { } names
                ? Results.Ok(names.Select(n => new { n.DisplayName }))
                : ApiInput.Problem(found.Error!, context);
        });

        users.MapGet("/{displayName}", async (string displayName, ProfileService profiles, CancellationToken ct) =>
            await profiles.GetAsync(displayName, ct) is { } profile ? Results.Ok(profile) : ApiInput.NotFound("Member"));

        users.MapGet("/{displayName}/comments", async (string displayName, string? limit, string? cursor, ProfileService profiles, CancellationToken ct) =>
        {
            if (!SearchSetup.TryParseLimit(limit, out var pageSize))
            {
                return ApiInput.FieldError("limit", "The limit must be a whole number.");
            }

            try
            {
                return await profiles.GetCommentsAsync(displayName, pageSize, cursor, ct) is { } page
                    ? Results.Ok(page)
                    : ApiInput.NotFound("Member");
            }
            catch (InvalidReadException invalid)
            {
                return ApiInput.FieldError(invalid.Field, invalid.Message);
            }
        });

        return endpoints;
    }
}
