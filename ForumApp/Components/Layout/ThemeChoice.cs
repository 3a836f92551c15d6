namespace ForumApp.Components.Layout;

/// <summary>The reader's theme: their system's, or always light, or always dark.</summary>
public enum ThemeChoice
{
    System,
    Light,
    Dark,
}

/// <summary>
/// The theme choice lives in a cookie, so the server's first render already has it: a reader who chose dark
/// never sees a light page flash by while the page starts, on interactive and static pages alike.
/// </summary>
public static class ThemeCookie
{
    public const string Name = "forum-theme";

    /// <summary>The cascading value's name under which the layout receives the choice read from the request.</summary>
    public const string CascadingName = "ThemeChoice";

    public const string Path = "/theme";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    public static ThemeChoice Parse(string? value) =>
        Enum.TryParse<ThemeChoice>(value, ignoreCase: true, out var choice) && Enum.IsDefined(choice) ? choice : ThemeChoice.System;

    public static ThemeChoice Of(HttpContext context) => Parse(context.Request.Cookies[Name]);

    /// <summary>What the toggle switches to: the system's theme, then light, then dark, then the system's again.</summary>
    public static ThemeChoice Next(ThemeChoice choice) => choice switch
    {
        ThemeChoice.System => ThemeChoice.Light,
        ThemeChoice.Light => ThemeChoice.Dark,
        _ => ThemeChoice.System,
    };

    public static string Describe(ThemeChoice choice) => choice switch
    {
        ThemeChoice.Light => "light theme",
        ThemeChoice.Dark => "dark theme",
        _ => "your system's theme",
    };

    /// <summary>The cookie as <c>document.cookie</c> takes it, the same the server endpoint writes.</summary>
    public static string CookieString(ThemeChoice choice) =>
        $"{Name}={choice.ToString().ToLowerInvariant()}; path=/; max-age={(int)Lifetime.TotalSeconds}; samesite=lax";

    /// <summary>
    /// Static pages (the account pages) have no circuit to switch the theme in place, so their toggle posts
    /// here and comes back. Only a preference is written, so there is nothing for a forged post to gain.
    /// </summary>
    public static IEndpointRouteBuilder MapThemeChoice(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var choice = Parse(form["theme"]);
            context.Response.Cookies.Append(Name, choice.ToString().ToLowerInvariant(), new CookieOptions
            {
                Path = "/",
                MaxAge = Lifetime,
                SameSite = SameSiteMode.Lax,
                IsEssential = true,
            });
            var back = form["returnUrl"].ToString();
            return Results.LocalRedirect(IsLocal(back) ? back : "/");
        }).DisableAntiforgery();
        return endpoints;
    }

    private static bool IsLocal(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
