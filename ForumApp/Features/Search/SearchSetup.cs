using System.Globalization;
using ForumApp.Features.Accounts;
using ForumApp.Features.Profiles;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Search;

public sealed class SearchOptions
{
    /// <summary>Searches per client address per minute, the search page and the API together.</summary>
    public int SearchesPerMinutePerAddress { get; set; } = 60;
}

/// <summary>Searches per client address per minute: a search reads much more than a page, so it has a budget of its own.</summary>
public sealed class SearchLimits(IOptions<SearchOptions> options)
    : AddressLimits(options.Value.SearchesPerMinutePerAddress, TimeSpan.FromMinutes(1))
{
    public static string Describe(TimeSpan wait) => $"Too many searches from your network. Try again in {InWords(wait)}.";
}

public static class SearchSetup
{
    public static WebApplicationBuilder AddForumSearch(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SearchOptions>(builder.Configuration.GetSection("Forum"));
        builder.Services.AddSingleton<SearchLimits>();
        builder.Services.AddSingleton<SearchService>();
        builder.Services.AddSingleton<ProfileService>();
        builder.Services.AddSingleton<MentionSuggestions>();
        return builder;
    }

    /// <summary><c>GET /api/search</c> and the profile routes (see docs/API.md).</summary>
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/search", async (string? q, string? limit, string? cursor, SearchService search, HttpContext context) =>
        {
            if (!TryParseLimit(limit, out var pageSize))
            {
                return ApiInput.FieldError("limit", "The limit must be a whole number.");
            }

            var result = await search.SearchAsync(q, pageSize, cursor, context.Connection.RemoteIpAddress, context.RequestAborted);
            return result.Value is { } page ? Results.Ok(page) : ApiInput.Problem(result.Error!, context);
        }).WithTags("Search");

        endpoints.MapProfilesApi();
        return endpoints;
    }

    internal static bool TryParseLimit(string? raw, out int? limit)
    {
        limit = null;
        if (raw is null)
        {
            return true;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            limit = parsed;
            return true;
        }

        return false;
    }
}
