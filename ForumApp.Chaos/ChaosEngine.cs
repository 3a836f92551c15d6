using System.Diagnostics;
using ForumApp.Benchmarks.Clients;
using ForumApp.Chaos.Hosting;
using ForumApp.Chaos.Load;

namespace ForumApp.Chaos;

/// <summary>
/// One chaos run against a <see cref="ChaosCluster"/>: hub clients watch a few threads over both instances
/// while writers post through the API with retries, a moderator removes (and now and then restores)
/// comments, client sockets are aborted in waves, one instance is killed and started again, and Redis is
/// down for a while. Then every client's view, built only from the events it received, is compared with
/// what the server stores.
/// </summary>
public static class ChaosEngine
{
    public static async Task<ChaosReport> RunAsync(ChaosCluster cluster, ChaosOptions options, Action<string> say, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var random = new Random(options.Seed);
        var clients = cluster.Servers.Select(url => new ForumClient(url)).ToList();
        using var stopWatchers = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watcherTasks = new List<Task>();
        try
        {
            say($"registering {options.Writers} writers and the moderator; {options.Threads} threads");
            var moderatorToken = await clients[0].NewMemberAsync(ChaosCluster.ModeratorName, ct);
            var moderator = new ForumReads(clients[0], moderatorToken);
            var tokens = new string[options.Writers];
            await Parallel.ForAsync(0, options.Writers, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
                async (i, token) => tokens[i] = await clients[i % clients.Count].NewMemberAsync($"chaoswriter{i:00}", token));
            var threads = new List<long>();
            for (var t = 0; t < options.Threads; t++)
            {
                threads.Add(await clients[0].NewThreadAsync(tokens[0], $"Chaos thread {t + 1}", "Written to while things break.", ct));
            }

            var watchers = Enumerable.Range(0, options.Clients)
                .Select(i => new Watcher(i, threads[i % threads.Count], cluster.Servers, options.CatchUp, new Random(options.Seed + i + 1)))
                .ToList();
            var joined = new List<Task>();
            foreach (var watcher in watchers)
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                joined.Add(done.Task);
                watcherTasks.Add(Task.Run(() => watcher.RunAsync(done, stopWatchers.Token), CancellationToken.None));
            }

            await Task.WhenAll(joined).WaitAsync(TimeSpan.FromMinutes(2), ct);
            var spread = cluster.Instances.Select((instance, i) => $"{watchers.Count(w => w.Home == i)} on {instance.Name}");
            say($"{watchers.Count} clients joined ({string.Join(", ", spread)}); database: {cluster.DatabaseDescription}");

            var log = new WriteLog();
            var faults = new FaultLog();
            var loadStarted = Stopwatch.GetTimestamp();
            using var stopWriting = new CancellationTokenSource();
            var writers = Enumerable.Range(0, options.Writers)
                .Select(i => new Writer(i, clients, tokens[i], threads, log, new Random(options.Seed + 10_000 + i)))
                .Select(w => Task.Run(() => w.RunAsync(options.PostEvery, stopWriting.Token, ct), CancellationToken.None))
                .ToList();
            var moderation = Task.Run(() => ModerateAsync(moderator, log, options, faults, random, ct), CancellationToken.None);
            var socketKills = Task.Run(() => KillSocketsAsync(watchers, options, new Random(options.Seed + 20_000), ct), CancellationToken.None);
            var script = Task.Run(() => BreakServersAsync(cluster, options, faults, say, ct), CancellationToken.None);

            using (Ticker(TimeSpan.FromSeconds(5), say, () =>
                       $"t={Stopwatch.GetElapsedTime(loadStarted).TotalSeconds:0}s acked {log.Acked.Count:N0}, retried {log.Retried:N0}; " +
                       $"events {watchers.Sum(w => w.LiveEvents):N0} live + {watchers.Sum(w => w.CaughtUpEvents):N0} caught up; " +
                       $"connected {watchers.Count(w => w.Connected)}/{watchers.Count}, socket kills {watchers.Sum(w => w.Kills)}, " +
                       $"removals {faults.Removals}"))
            {
                // Writing goes on until the duration is over and every fault has happened: each one under load.
                await Task.WhenAll(Task.Delay(options.Duration, ct), moderation, socketKills, script);
                await stopWriting.CancelAsync();
                await Task.WhenAll(writers);
            }

            say($"writing stopped: {log.Acked.Count:N0} posts acknowledged; waiting for every client to converge");
            var settleStarted = Stopwatch.GetTimestamp();
            var lastSeqs = new Dictionary<long, long>();
            foreach (var threadId in threads)
            {
                lastSeqs[threadId] = (await clients[0].GetThreadAsync(threadId, ct)).LastSeq;
            }

            while (Stopwatch.GetElapsedTime(settleStarted) < options.SettleWithin && watchers.Any(w => w.Contiguous < lastSeqs[w.ThreadId]))
            {
                await Task.Delay(250, ct);
            }

            var settledIn = Stopwatch.GetElapsedTime(settleStarted);
            var behind = watchers.Count(w => w.Contiguous < lastSeqs[w.ThreadId]);
            say(behind == 0
                ? $"all clients hold every event after {settledIn.TotalSeconds:0.0} s"
                : $"{behind} clients still lack events after {settledIn.TotalSeconds:0} s");

            var stored = new Dictionary<long, StoredThread>();
            foreach (var threadId in threads)
            {
                stored[threadId] = await moderator.ReadThreadAsync(threadId, ct);
            }

            await stopWatchers.CancelAsync();
            await Task.WhenAll(watcherTasks);
            var report = Verify(options, stored, watchers, log, faults, Stopwatch.GetElapsedTime(started), settledIn);
            report = report with { Instances = cluster.Instances.Count, Database = cluster.DatabaseDescription };
            if (cluster.DatabaseConnectionString is { } database)
            {
                var (violations, examples) = await CommitOrder.CheckAsync(database, threads, ct);
                report = report with { CommitOrderViolations = violations, Problems = [.. report.Problems, .. examples] };
            }

            return report;
        }
        finally
        {
            await stopWatchers.CancelAsync();
            await Task.WhenAll(watcherTasks).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Compares each client's view with the stored threads, and the acknowledged posts with the stored comments.</summary>
    private static ChaosReport Verify(
        ChaosOptions options, Dictionary<long, StoredThread> stored, List<Watcher> watchers, WriteLog log, FaultLog faults, TimeSpan elapsed, TimeSpan settledIn)
    {
        var problems = stored.Values.SelectMany(t => t.IntegrityErrors.Select(e => $"thread {t.Id}: {e}")).ToList();
        long missing = 0, duplicates = 0, stale = 0, gaps = 0;
        foreach (var watcher in watchers)
        {
            var truth = stored[watcher.ThreadId];
            var view = new Dictionary<long, bool>();
            var held = watcher.Held();
            duplicates += watcher.Conflicts;
            foreach (var (seq, e) in held)
            {
                if (seq > truth.LastSeq)
                {
                    duplicates++;
                    continue;
                }

                if (e.CommentId is not { } id)
                {
                    continue;
                }

                switch (e.Kind)
                {
                    case "posted":
                        if (!view.TryAdd(id, true))
                        {
                            duplicates++;
                        }

                        break;
                    case "removed" or "deleted":
                        view[id] = false;
                        break;
                    case "restored":
                        view[id] = true;
                        break;
                }
            }

            var lacking = Enumerable.Range(1, (int)truth.LastSeq).Select(s => (long)s).Where(s => !held.ContainsKey(s)).ToList();
            gaps += lacking.Count;
            if (lacking.Count > 0 && problems.Count < 30)
            {
                problems.Add($"client {watcher.Index} (thread {watcher.ThreadId}, on {watcher.Server}, {watcher.Reconnects} reconnects) lacks seq {string.Join(", ", lacking.Take(10))}");
            }

            duplicates += view.Keys.Count(id => !truth.Comments.ContainsKey(id));
            foreach (var comment in truth.Comments.Values)
            {
                if (!view.TryGetValue(comment.Id, out var live))
                {
                    missing++;
                }
                else if (live != comment.Live)
                {
                    stale++;
                }
            }
        }

        // Every comment carries the request id in its text: one stored comment per request, the one acknowledged.
        var byRequest = stored.Values.SelectMany(t => t.Comments.Values).Where(c => c.RequestId is not null)
            .GroupBy(c => c.RequestId!).ToDictionary(g => g.Key, g => g.Select(c => c.Id).ToList());
        var unattributed = stored.Values.Sum(t => t.Comments.Values.Count(c => c.RequestId is null));
        if (unattributed > 0)
        {
            problems.Add($"{unattributed} stored comments name no request");
        }

        duplicates += byRequest.Values.Sum(ids => ids.Count - 1);
        long ackedLost = 0;
        foreach (var acked in log.Acked.GroupBy(a => a.RequestId))
        {
            var ids = acked.Select(a => a.CommentId).Distinct().ToList();
            if (ids.Count != 1 || !byRequest.TryGetValue(acked.Key, out var storedIds) || storedIds.Count != 1 || storedIds[0] != ids[0])
            {
                ackedLost++;
                if (problems.Count < 50)
                {
                    problems.Add($"acknowledged {acked.Key} as comment {string.Join("/", ids)}; stored as {string.Join("/", byRequest.GetValueOrDefault(acked.Key) ?? [])}");
                }
            }
        }

        var all = stored.Values.SelectMany(t => t.Comments.Values).ToList();
        return new ChaosReport
        {
            Options = options,
            Elapsed = elapsed,
            Clients = watchers.Count,
            Writers = options.Writers,
            Threads = stored.Count,
            PostAttempts = log.Attempts,
            PostsAcked = log.Acked.Select(a => a.RequestId).Distinct().Count(),
            PostsAckedOnRetry = log.Acked.Count(a => a.Replayed),
            PostsRetried = log.Retried,
            PostsRejected = log.Rejected,
            PostsGivenUp = log.GivenUp,
            EventsLive = watchers.Sum(w => w.LiveEvents),
            EventsCaughtUp = watchers.Sum(w => w.CaughtUpEvents),
            SocketKills = watchers.Sum(w => w.Kills),
            Reconnects = watchers.Sum(w => w.Reconnects),
            InstanceRestarts = faults.Restarts,
            RedisOutage = faults.RedisDown,
            DatabaseRestarts = faults.DatabaseRestarts,
            DatabaseDown = faults.DatabaseDown,
            Removals = faults.Removals,
            Restores = faults.Restores,
            CommentsStored = all.Count,
            CommentsRemoved = all.Count(c => !c.Live),
            SettledIn = settledIn,
            Missing = missing,
            Duplicates = duplicates,
            Stale = stale,
            EventGaps = gaps,
            AckedLost = ackedLost,
            Problems = problems,
        };
    }

    /// <summary>Removals spread over the run; every third removed comment is restored a moment later.</summary>
    private static async Task ModerateAsync(ForumReads moderator, WriteLog log, ChaosOptions options, FaultLog faults, Random random, CancellationToken ct)
    {
        var removed = new List<long>();
        for (var i = 0; i < options.Removals; i++)
        {
            await Task.Delay(options.Duration / (options.Removals + 1), ct);
            var candidates = log.Acked.Select(a => a.CommentId).Except(removed).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            var target = candidates[random.Next(candidates.Count)];
            try
            {
                if (await moderator.RemoveAsync(target, includeReplies: random.NextDouble() < 0.3, ct))
                {
                    removed.Add(target);
                    faults.Removed();
                    if (removed.Count % 3 == 0 && await moderator.RestoreAsync(removed[^2], ct))
                    {
                        faults.Restored();
                    }
                }
            }
            catch (HttpRequestException)
            {
                // The instance it went to was down; the checks compare with whatever was stored.
            }
        }
    }

    private static async Task KillSocketsAsync(List<Watcher> watchers, ChaosOptions options, Random random, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        for (var wave = 0; wave < options.SocketKillWaves; wave++)
        {
            var wait = (options.Duration * ((wave + 0.5) / options.SocketKillWaves)) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            var count = (int)Math.Ceiling(watchers.Count * options.SocketKillShare);
            var victims = watchers.Where(w => w.Connected).OrderBy(_ => random.Next()).Take(count).ToList();
            var moments = victims.Select(_ => TimeSpan.FromMilliseconds(random.Next(1000))).ToList();
            // At random moments within a second, not all in one instant.
            await Task.WhenAll(victims.Select(async (victim, i) =>
            {
                await Task.Delay(moments[i], ct);
                victim.KillSocket();
            }));
        }
    }

    /// <summary>Instance kills in the first half, the Redis outage in the second; each step waits for the one before it.</summary>
    private static async Task BreakServersAsync(ChaosCluster cluster, ChaosOptions options, FaultLog faults, Action<string> say, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        async Task Until(double share)
        {
            var wait = (options.Duration * share) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
        }

        for (var r = 0; r < options.InstanceRestarts; r++)
        {
            await Until(0.2 + (0.25 * r / options.InstanceRestarts));
            var instance = cluster.Instances[(cluster.Instances.Count - 1 - r) % cluster.Instances.Count];
            say($"killing {instance.Name} (SIGKILL)");
            await instance.KillAsync();
            await Task.Delay(options.RestartAfter, ct);
            await instance.StartAgainAsync(ct);
            faults.Restart();
            say($"{instance.Name} started again on {instance.BaseUrl}");
        }

        var databaseRestarts = cluster.CanRestartDatabase ? options.DatabaseRestarts : 0;
        for (var r = 0; r < databaseRestarts; r++)
        {
            await Until(0.35 + (0.15 * r / databaseRestarts));
            say($"stopping the database server (immediate) for {options.DatabaseDownFor.TotalSeconds:0.#} s");
            var down = Stopwatch.GetTimestamp();
            await cluster.RestartDatabaseAsync(options.DatabaseDownFor, ct);
            faults.DatabaseRestarted(Stopwatch.GetElapsedTime(down));
            say("the database server is back");
        }

        if (options.RedisOutage > TimeSpan.Zero)
        {
            await Until(0.55);
            say($"stopping redis for {options.RedisOutage.TotalSeconds:0.#} s");
            await cluster.StopRedisAsync();
            var down = Stopwatch.GetTimestamp();
            await Task.Delay(options.RedisOutage, ct);
            await cluster.StartRedisAsync(ct);
            faults.RedisDown = Stopwatch.GetElapsedTime(down);
            say("redis is back");
        }
    }

    private static IDisposable Ticker(TimeSpan every, Action<string> say, Func<string> status)
    {
        var timer = new Timer(_ => say(status()), null, every, every);
        return timer;
    }

    private sealed class FaultLog
    {
        private int _removals;
        private int _restores;
        private int _restarts;

        public int Removals => Volatile.Read(ref _removals);
        public int Restores => Volatile.Read(ref _restores);
        public int Restarts => Volatile.Read(ref _restarts);
        public TimeSpan RedisDown { get; set; }
        public int DatabaseRestarts { get; private set; }
        public TimeSpan DatabaseDown { get; private set; }

        public void DatabaseRestarted(TimeSpan downFor)
        {
            DatabaseRestarts++;
            DatabaseDown += downFor;
        }

        public void Removed() => Interlocked.Increment(ref _removals);
        public void Restored() => Interlocked.Increment(ref _restores);
        public void Restart() => Interlocked.Increment(ref _restarts);
    }
}
