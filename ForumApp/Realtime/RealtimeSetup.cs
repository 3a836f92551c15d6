using Microsoft.AspNetCore.SignalR;
using ForumApp.Web;

namespace ForumApp.Realtime;

public static class RealtimeSetup
{
    /// <summary>Max size of one hub message: a 10,000-character comment fits with room to spare, a 1 MB one does not.</summary>
    public const long MaxHubMessageBytes = 128 * 1024;

    public static WebApplicationBuilder AddForumRealtime(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSignalR(options => options.MaximumReceiveMessageSize = MaxHubMessageBytes)
            .AddJsonProtocol(options => WebSetup.ConfigureJson(options.PayloadSerializerOptions))
            .AddHubOptions<ThreadsHub>(options =>
            {
                // Only the public hub: Blazor's own circuit hub and the benchmark baseline are left as they are.
                options.AddFilter<HubConnectionLimitFilter>();
                options.AddFilter<DatabaseOutageHubFilter>();
            });

        services.Configure<PresenceOptions>(builder.Configuration.GetSection("Forum:Presence"));
        services.AddSingleton<HubConnectionLimits>();
        services.AddSingleton<RealtimeInstance>();
        services.AddSingleton<PresenceTracker>();
        services.AddScoped<CircuitPresence>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitPresence>());
        services.AddSingleton<IForumEventSink, HubEventRelay>();
        services.AddSingleton<ForumEventBus>();
        services.AddHostedService<PresenceBroadcaster>();
        services.Configure<SequenceWatcherOptions>(builder.Configuration.GetSection("Forum:SequenceWatcher"));
        services.AddSingleton<DeliveredSequences>();
        services.AddHostedService<SequenceWatcher>();

        // Redis only carries events between instances; a single instance needs none.
        var redis = builder.Configuration["Redis:Configuration"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RedisEventTransport>(sp, redis));
            services.AddSingleton<IRemoteEventTransport>(sp => sp.GetRequiredService<RedisEventTransport>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisEventTransport>());
        }

        return builder;
    }

    public static WebApplication MapForumRealtime(this WebApplication app)
    {
        app.MapHub<ThreadsHub>(ThreadsHub.Path);
        return app;
    }
}
