namespace ForumApp.Features;

/// <summary>
/// The paths outside clients call: they get status codes and problem details, never a redirect to a page.
/// </summary>
public static class ApiPaths
{
    public static bool Contains(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/healthz");
}
