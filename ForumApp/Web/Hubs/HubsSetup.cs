using ForumApp.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace ForumApp.Web.Hubs;

/// <summary>The SignalR hub for outside clients: an entry point over the services, fed by the bus through a sink.</summary>
public static class HubsSetup
{
    /// <summary>Max size of one hub message: a 10,000-character comment fits with room to spare, a 1 MB one does not.</summary>
    public const long MaxHubMessageBytes = 128 * 1024;

    public static WebApplicationBuilder AddForumHubs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSignalR(options => options.MaximumReceiveMessageSize = MaxHubMessageBytes)
            .AddJsonProtocol(options => ForumJson.Configure(options.PayloadSerializerOptions))
            .AddHubOptions<ThreadsHub>(options =>
            {
                // Only the public hub: Blazor's own circuit hub and the benchmark baseline are left as they are.
                options.AddFilter<HubConnectionLimitFilter>();
                options.AddFilter<DatabaseOutageHubFilter>();
            });
        services.AddSingleton<HubConnectionLimits>();
        services.AddSingleton<IForumEventSink, HubEventRelay>();
        return builder;
    }

    public static WebApplication MapForumHubs(this WebApplication app)
    {
        app.MapHub<ThreadsHub>(ThreadsHub.Path);
        return app;
    }
}
