namespace ForumApp.Features.Moderation;

public static class ModerationSetup
{
    public static WebApplicationBuilder AddForumModeration(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ModerationLog>();
        builder.Services.AddSingleton<CommentModerationService>();
        builder.Services.AddSingleton<ThreadModerationService>();
        builder.Services.AddSingleton<MemberModerationService>();
        builder.Services.AddSingleton<RoleService>();
        builder.Services.AddSingleton<ReportService>();
        return builder;
    }
}
