namespace ForumApp.Features.Notifications;

public static class NotificationsSetup
{
    public static WebApplicationBuilder AddForumNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<NotificationOptions>(builder.Configuration.GetSection("Forum:Notifications"));
        services.AddSingleton<MentionResolver>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<NotificationProducer>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationProducer>());
        return builder;
    }
}
