namespace ForumApp.Realtime;

/// <summary>Sends gathered presence changes once per tick, and re-announces this instance's share now and then.</summary>
internal sealed class PresenceBroadcaster(
    PresenceTracker presence,
    ForumEventBus bus,
    Microsoft.Extensions.Options.IOptions<PresenceOptions> options,
    TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastHeartbeat = clock.GetUtcNow();
        using var timer = new PeriodicTimer(options.Value.FlushEvery, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var threadId in presence.TakeChanges())
            {
                await bus.PublishPresenceAsync(presence.Current(threadId), bus.HasRemote ? presence.LocalShareOf(threadId) : null);
            }

            // Presence is ephemeral: a share lost on the way is carried again by the next heartbeat.
            if (bus.HasRemote && clock.GetUtcNow() - lastHeartbeat >= options.Value.HeartbeatEvery)
            {
                lastHeartbeat = clock.GetUtcNow();
                foreach (var threadId in presence.ThreadsWithLocalViewers())
                {
                    await bus.SharePresenceAsync(presence.LocalShareOf(threadId));
                }
            }
        }
    }
}
