namespace ForumApp.Features.Moderation;

public static class ModerationSetup
{
    public static WebApplicationBuilder AddForumModeration(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ModerationService>();
        builder.Services.AddSingleton<ReportService>();
        return builder;
    }
}
