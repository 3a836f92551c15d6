namespace ForumApp.Features.Authorization;

public static class AuthorizationSetup
{
    /// <summary>The guard every service asks before acting for someone.</summary>
    public static WebApplicationBuilder AddForumGuard(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ForumGuard>();
        return builder;
    }
}
