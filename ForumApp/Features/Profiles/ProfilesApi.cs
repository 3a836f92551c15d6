using ForumApp.Features.Search;
using ForumApp.Features.Threads;

namespace ForumApp.Features.Profiles;

/// <summary><c>GET /api/users/{displayName}</c> and its comments (see docs/API.md). Anyone may read them.</summary>
public static class ProfilesApi
{
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup("/api/users").WithTags("Profiles");

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
