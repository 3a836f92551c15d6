namespace ForumApp.Realtime;

/// <summary>The event bus and what keeps it honest: presence, the sequence watcher and, when configured, Redis.</summary>
public static class RealtimeSetup
{
    public static WebApplicationBuilder AddForumRealtime(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<PresenceOptions>(builder.Configuration.GetSection("Forum:Presence"));
        services.AddSingleton<RealtimeInstance>();
        services.AddSingleton<PresenceTracker>();
        services.AddScoped<CircuitPresence>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitPresence>());
        services.AddSingleton<LocalEventDelivery>();
        services.AddSingleton<ForumEventBus>();
        services.AddSingleton<ThreadEventReader>();
        services.AddHostedService<PresenceBroadcaster>();
        services.Configure<SequenceWatcherOptions>(builder.Configuration.GetSection("Forum:SequenceWatcher"));
        services.AddSingleton<DeliveredSequences>();
        services.AddHostedService<SequenceWatcher>();

        // Redis only carries events between instances; a single instance needs none. The bus takes every
        // registered transport through its constructor.
        var redis = builder.Configuration["Redis:Configuration"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RedisEventTransport>(sp, redis));
            services.AddSingleton<IRemoteEventTransport>(sp => sp.GetRequiredService<RedisEventTransport>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisEventTransport>());
        }

        return builder;
    }
}
