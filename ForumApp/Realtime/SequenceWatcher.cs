using System.Diagnostics;

namespace ForumApp.Realtime;

public sealed class SequenceWatcherOptions
{
    /// <summary>How often watched threads' LastSeq is compared with what was delivered here.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// The safety net under push: for every thread someone watches on this instance, asks the database (one
/// query for all of them) whether LastSeq moved past what was delivered. A sequence number still missing
/// on the next check (lost while Redis was down, or never published because a writer crashed after
/// committing) is read from the database and delivered, so every viewer converges within seconds.
/// </summary>
internal sealed partial class SequenceWatcher(
    DeliveredSequences delivered,
    PresenceTracker presence,
    LocalEventDelivery local,
    ThreadEventReader events,
    Microsoft.Extensions.Options.IOptions<SequenceWatcherOptions> options,
    TimeProvider clock,
    ILogger<SequenceWatcher> logger) : BackgroundService
{
    private readonly Dictionary<long, HashSet<long>> _suspects = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckEvery, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be briefly unavailable; the next tick tries again.
                LogCheckFailed(exception);
            }
        }
    }

    internal async Task CheckAsync(CancellationToken cancellationToken)
    {
        // A thread joined after this moment keeps the tracker its join started, even if the snapshot misses it.
        var snapshotAt = Stopwatch.GetTimestamp();
        var watched = presence.ThreadsWithLocalViewers().ToHashSet();
        foreach (var threadId in delivered.TrackedThreads.Where(t => !watched.Contains(t)))
        {
            delivered.Untrack(threadId, snapshotAt);
            _suspects.Remove(threadId);
        }

        if (watched.Count == 0)
        {
            return;
        }

        // Removed threads are left out: nothing of them streams again, not even what a viewer missed.
        var lastSeqs = await events.LastSeqsAsync(watched, cancellationToken);

        foreach (var (threadId, lastSeq) in lastSeqs)
        {
            if (!delivered.IsTracked(threadId))
            {
                delivered.Track(threadId, lastSeq);
                continue;
            }

            var missing = delivered.Missing(threadId, lastSeq);
            if (missing.Count == 0)
            {
                _suspects.Remove(threadId);
                continue;
            }

            // Missing on two checks in a row: not in flight any more, so fetch it.
            var previouslyMissing = _suspects.GetValueOrDefault(threadId) ?? [];
            if (missing.Any(previouslyMissing.Contains))
            {
                await FillAsync(threadId, missing, cancellationToken);
                _suspects.Remove(threadId);
            }
            else
            {
                _suspects[threadId] = missing.ToHashSet();
            }
        }
    }

    private async Task FillAsync(long threadId, IReadOnlyList<long> missing, CancellationToken cancellationToken)
    {
        var wanted = missing.ToHashSet();
        var after = missing[0] - 1;
        while (wanted.Count > 0)
        {
            var page = await events.ReadAsync(threadId, after, cancellationToken);
            if (page is null || page.Count == 0)
            {
                return;
            }

            foreach (var threadEvent in page.Where(e => wanted.Remove(e.Seq)))
            {
                await local.DeliverAsync(threadEvent);
            }

            after = page[^1].Seq;
        }

        LogFilled(threadId, missing.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered {Count} missed event(s) of thread {ThreadId} from the database.")]
    private partial void LogFilled(long threadId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking watched threads for missed events failed.")]
    private partial void LogCheckFailed(Exception exception);
}
