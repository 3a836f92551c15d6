namespace ForumApp.Components.Layout;

/// <summary>The theme's stylesheet: made once at start, served under a versioned address.</summary>
public static class ThemeSetup
{
    public static WebApplicationBuilder AddForumTheme(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ThemeStylesheet>();
        return builder;
    }

    public static async Task<WebApplication> MapForumThemeAsync(this WebApplication app)
    {
        var sheet = app.Services.GetRequiredService<ThemeStylesheet>();
        await sheet.BuildAsync(app.Services);

        // The versioned address (the only one pages link to) is cached for a year; any other is checked every time.
        app.MapGet(ThemeStylesheet.Path, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = context.Request.Query["v"] == sheet.Version
                ? "public, max-age=31536000, immutable"
                : "no-cache";
            return Results.Text(sheet.Css, "text/css; charset=utf-8");
        });
        return app;
    }
}
