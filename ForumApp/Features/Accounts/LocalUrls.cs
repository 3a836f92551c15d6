namespace ForumApp.Features.Accounts;

/// <summary>Return URLs come from the query string, so only paths on this site are followed (no open redirects).</summary>
public static class LocalUrls
{
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/')
        {
            return false;
        }

        // "//host" and "/\host" are protocol-relative to browsers.
        if (url.Length > 1 && url[1] is '/' or '\\')
        {
            return false;
        }

        return !url.Any(char.IsControl);
    }

    /// <summary>The URL when it is local, otherwise the home page.</summary>
    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
