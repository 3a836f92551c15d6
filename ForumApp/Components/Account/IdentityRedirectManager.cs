using ForumApp.Features.Accounts;
using Microsoft.AspNetCore.Components;

namespace ForumApp.Components.Account;

/// <summary>
/// Redirects from the static server-rendered account pages, optionally with a one-time status message
/// carried in a short-lived cookie (read by <c>StatusMessage</c>). Navigation does not throw here
/// (BlazorDisableThrowNavigationException), so callers return right after redirecting.
/// </summary>
public sealed class IdentityRedirectManager(NavigationManager navigation, IHttpContextAccessor httpContextAccessor)
{
    public const string StatusCookieName = "forum.status";

    private static readonly CookieBuilder StatusCookie = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(10),
    };

    /// <summary>Goes to <paramref name="url"/> when it is a path on this site, otherwise to the home page.</summary>
    public void RedirectTo(string? url) => navigation.NavigateTo(LocalUrls.OrHome(url));

    public void RedirectToWithStatus(string url, string message)
    {
        var context = httpContextAccessor.HttpContext
            ?? throw new InvalidOperationException("A status message needs the HTTP request of a static page.");
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookie.Build(context));
        RedirectTo(url);
    }

    public void RedirectToCurrentPageWithStatus(string message) =>
        RedirectToWithStatus("/" + navigation.ToBaseRelativePath(navigation.Uri), message);
}
