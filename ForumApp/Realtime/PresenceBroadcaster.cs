namespace ForumApp.Realtime;

/// <summary>Sends gathered presence changes once per tick, and re-announces this instance's share now and then.</summary>
internal sealed class PresenceBroadcaster(
    PresenceTracker presence,
    ForumEventBus bus,
    IServiceProvider services,
    Microsoft.Extensions.Options.IOptions<PresenceOptions> options,
    TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var transport = services.GetService<IRemoteEventTransport>();
        var lastHeartbeat = clock.GetUtcNow();
        using var timer = new PeriodicTimer(options.Value.FlushEvery, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var threadId in presence.TakeChanges())
            {
                await bus.DeliverLocallyAsync(presence.Current(threadId));
                if (transport is not null)
                {
                    await SendQuietlyAsync(transport, presence.LocalShareOf(threadId));
                }
            }

            if (transport is not null && clock.GetUtcNow() - lastHeartbeat >= options.Value.HeartbeatEvery)
            {
                lastHeartbeat = clock.GetUtcNow();
                foreach (var threadId in presence.ThreadsWithLocalViewers())
                {
                    await SendQuietlyAsync(transport, presence.LocalShareOf(threadId));
                }
            }
        }
    }

    private static async Task SendQuietlyAsync(IRemoteEventTransport transport, InstancePresence share)
    {
        try
        {
            await transport.PublishPresenceAsync(share);
        }
        catch (Exception)
        {
            // Presence is ephemeral: the next heartbeat carries it again.
        }
    }
}
