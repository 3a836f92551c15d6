using ForumApp.Features.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ForumApp.Web;

/// <summary>
/// Refuses requests that ride on the sign-in cookie from another origin. SameSite=Lax keeps the cookie
/// away from other sites only; a page on another port or sub-domain of the same site still gets it sent
/// with its form posts and WebSockets. Bearer-token clients carry their credential themselves, so they
/// may call from anywhere; anonymous requests carry none, so they have nothing to forge.
/// </summary>
public static class CrossOriginGuard
{
    /// <summary>The paths where the cookie opens state changes: the HTTP API, the public hub and Blazor's circuit.</summary>
    public static bool IsGuardedPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor");

    public static WebApplication UseCrossOriginGuard(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (IsGuardedPath(request.Path) && CarriesSessionCookie(request) && !CarriesToken(request))
            {
                var options = context.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value;
                if (!IsSameOrigin(request, options))
                {
                    await RefuseAsync(context, StatusCodes.Status403Forbidden, "Requests signed in with the site's cookie must come from the site's own pages.");
                    return;
                }
            }

            // JSON endpoints never take forms: a form or text/plain body is what a cross-origin page can send
            // without a CORS preflight, so refusing it closes that door whatever the credentials.
            if (request.Path.StartsWithSegments("/api") && IsFormLike(request.ContentType))
            {
                await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "The API takes JSON bodies only (Content-Type: application/json).");
                return;
            }

            await next();
        });
        return app;
    }

    /// <summary>
    /// The request's own scheme and host, or one of the configured origins. Without <c>Origin</c>, the
    /// browser's <c>Sec-Fetch-Site</c>, then the <c>Referer</c>; a request with none of them is not from a
    /// browser page (browsers send <c>Origin</c> on every WebSocket and cross-origin post).
    /// </summary>
    public static bool IsSameOrigin(HttpRequest request, AccountOptions options)
    {
        var own = $"{request.Scheme}://{request.Host.Value}";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return IsAllowed(origin, own, options);
        }

        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite is "same-origin" or "none";
        }

        var referer = request.Headers.Referer.ToString();
        if (referer.Length > 0)
        {
            return Uri.TryCreate(referer, UriKind.Absolute, out var refererUri)
                && IsAllowed(refererUri.GetLeftPart(UriPartial.Authority), own, options);
        }

        return true;
    }

    private static bool IsAllowed(string origin, string own, AccountOptions options)
    {
        if (string.Equals(origin, own, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var publicBase = options.PublicBaseUrl is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
        return string.Equals(origin, publicBase, StringComparison.OrdinalIgnoreCase)
            || options.AllowedOrigins.Any(allowed => string.Equals(origin, allowed.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }

    // The Identity cookie, also when it is split into chunks (forum.authC1, ...).
    private static bool CarriesSessionCookie(HttpRequest request) =>
        request.Cookies.Keys.Any(name => name.StartsWith(AccountsSetup.SessionCookieName, StringComparison.Ordinal));

    private static bool CarriesToken(HttpRequest request) => AccountsSetup.IsTokenRequest(request);

    private static bool IsFormLike(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? "";
        return type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
    }

    private static ValueTask RefuseAsync(HttpContext context, int status, string title)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title },
        });
    }
}
