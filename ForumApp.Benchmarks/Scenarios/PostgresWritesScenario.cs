using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>
/// 4b. The write path on a database server: twenty members post as fast as they can into one thread on a
/// private PostgreSQL, first through one instance, then spread over three instances joined by a private
/// redis-server, where nothing but the database orders the writers. A subscriber on the first instance
/// counts what was pushed (from the other two through Redis); the same count check as the SQLite write path.
/// </summary>
internal static class PostgresWritesScenario
{
    public const string Name = "writes-pg";
    private const int Writers = 20;

    public static async Task RunAsync(BenchContext bench, CancellationToken ct)
    {
        await using var database = await PostgresServer.StartAsync(Path.Combine(Path.GetTempPath(), $"forumapp-bench-pg-{Guid.NewGuid():N}"), ct);
        await using var redis = await RedisServer.StartAsync(Path.Combine(bench.WorkFolder, "redis-pg"), ct);
        var duration = TimeSpan.FromSeconds(bench.Quick ? 3 : 20);

        foreach (var instances in new[] { 1, 3 })
        {
            var settings = new Dictionary<string, string>
            {
                ["Database__Provider"] = "PostgreSql",
                ["ConnectionStrings__Forum"] = database.ConnectionString($"forum_writes_{instances}"),
                ["Redis__Configuration"] = redis.Configuration,
            };

            // One after the other: the first creates and migrates the database, the others find it current.
            var servers = new List<AppServer>();
            for (var i = 0; i < instances; i++)
            {
                servers.Add(await bench.StartAppAsync($"writes-pg-{instances}-{(char)('a' + i)}", null, settings, ct));
            }

            await MeasureAsync(bench, servers, duration, ct);
            foreach (var server in servers)
            {
                await bench.StopAppAsync(server);
            }
        }
    }

    private static async Task MeasureAsync(BenchContext bench, IReadOnlyList<AppServer> servers, TimeSpan duration, CancellationToken ct)
    {
        var clients = servers.Select(s => new ForumClient(s.BaseUrl)).ToList();
        try
        {
            var tokens = new List<string>();
            for (var w = 0; w < Writers; w++)
            {
                tokens.Add(await clients[w % clients.Count].NewMemberAsync($"pgwriter{servers.Count}x{w:00}", ct));
            }

            var threadId = await clients[0].NewThreadAsync(tokens[0], "A busy thread on PostgreSQL", "Twenty people reply at once.", ct);

            var pushed = new ConcurrentDictionary<long, long>();
            await using var subscriber = new HubConnectionBuilder()
                .WithUrl(new Uri(servers[0].BaseUrl, "/hubs/threads"), o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                })
                .Build();
            subscriber.On<WritesScenario.PushedEvent>("ThreadEvent", e =>
            {
                if (e is { Kind: "posted", Comment: { } comment })
                {
                    pushed.TryAdd(comment.Id, Stopwatch.GetTimestamp());
                }
            });
            subscriber.On<JsonElement>("Presence", _ => { });
            await subscriber.StartAsync(ct);
            await subscriber.InvokeAsync<JsonElement>("JoinThread", threadId, 0L, ct);

            // Warm every instance's path (JIT, connection pools) before the clock starts.
            var warmUp = new ConcurrentBag<long>();
            await Task.WhenAll(tokens.Select(async (token, w) =>
            {
                for (var i = 0; i < 3; i++)
                {
                    if ((await clients[w % clients.Count].PostCommentAsync(token, threadId, null, "Warming up.", ct)).Comment is { } c)
                    {
                        warmUp.Add(c.Id);
                    }
                }
            }));

            var label = $"writes-pg x{Writers} over {servers.Count}";
            var run = await WritesScenario.PostAsFastAsAsync(clients, tokens, threadId, duration, servers, label, () => pushed.Count, ct);
            var acked = run.Acked;
            var waitUntil = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
            while (acked.Any(a => !pushed.ContainsKey(a.Id)) && Stopwatch.GetTimestamp() < waitUntil)
            {
                await Task.Delay(100, ct);
            }

            var ackedIds = acked.Select(a => a.Id).ToHashSet();
            var (lastSeq, treeIds) = await clients[0].GetThreadAsync(threadId, ct);
            var events = await clients[0].GetAllEventsAsync(threadId, ct);
            var inTree = treeIds.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
            var postedEvents = events.Where(e => e.Kind == "posted" && e.CommentId is not null).GroupBy(e => e.CommentId!.Value).ToDictionary(g => g.Key, g => g.Count());
            var notInTree = ackedIds.Count(id => !inTree.ContainsKey(id));
            var twiceInTree = inTree.Count(kv => kv.Value > 1);
            var eventsNotOnce = ackedIds.Count(id => postedEvents.GetValueOrDefault(id) != 1);
            var unexpected = inTree.Keys.Count(id => !ackedIds.Contains(id) && !warmUp.Contains(id));
            var seqs = events.Select(e => e.Seq).ToList();
            var gapless = seqs.Count == lastSeq && seqs.SequenceEqual(Enumerable.Range(1, seqs.Count).Select(i => (long)i));
            var notPushed = ackedIds.Count(id => !pushed.ContainsKey(id));
            var problems = notInTree + twiceInTree + eventsNotOnce + unexpected + notPushed + (gapless ? 0 : 1);

            var ackMs = acked.Select(a => Stats.Ms(a.SentAt, a.AckedAt)).ToList();
            var pushMs = acked.Where(a => pushed.ContainsKey(a.Id)).Select(a => Stats.Ms(a.SentAt, pushed[a.Id])).ToList();
            var committedPerSecond = acked.Count / run.Seconds;
            var pushedPerSecond = acked.Count(a => pushed.ContainsKey(a.Id)) / run.Seconds;
            var statusText = string.Join(", ", run.Statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}"));
            var caseName = $"PostgreSQL, {Writers} writers over {servers.Count} instance{(servers.Count == 1 ? "" : "s")}, one thread, {duration.TotalSeconds:0} s";
            var threeInstances = servers.Count == 3;
            bench.Report.Add(new Row("4b write path on PostgreSQL", caseName, "comments committed / pushed per second", committedPerSecond, "/s",
                Target: threeInstances ? "≥ 1,000 /s, every one pushed" : null,
                Met: bench.Quick || !threeInstances ? null : committedPerSecond >= 1000 && notPushed == 0,
                Cpu: run.Cpu,
                Note: $"{acked.Count:N0} acked in {run.Seconds:0.0} s; statuses {statusText}; CPU is the app instances only (PostgreSQL and Redis on the same 2 cores)",
                Display: $"{committedPerSecond:0} / {pushedPerSecond:0} /s"));
            bench.Report.Add(new Row("4b write path on PostgreSQL", caseName, "ack p50 / p99; send→push p99", Stats.Percentile(ackMs, 99), "ms",
                Cpu: run.Cpu,
                Display: $"{Stats.Percentile(ackMs, 50):0.0} / {Stats.Percentile(ackMs, 99):0.0} ms; {Stats.Percentile(pushMs, 99):0.0} ms"));
            bench.Report.Add(new Row("4b write path on PostgreSQL", caseName, "count check: acked comments not exactly once", problems, "",
                Target: "0", Met: problems == 0,
                Note: $"not in tree {notInTree}, twice in tree {twiceInTree}, posted events ≠ 1: {eventsNotOnce}, unacknowledged in tree {unexpected}, not pushed {notPushed}, seq 1..{lastSeq} gapless: {(gapless ? "yes" : "no")}",
                Display: $"{problems} of {acked.Count:N0}"));
            bench.Report.Details[$"{Name}-{servers.Count}"] = new
            {
                acked = acked.Count, run.Seconds, committedPerSecond, pushedPerSecond,
                ackP50 = Stats.Percentile(ackMs, 50), ackP99 = Stats.Percentile(ackMs, 99), pushP99 = Stats.Percentile(pushMs, 99),
                notInTree, twiceInTree, eventsNotOnce, unexpected, notPushed, gapless, lastSeq,
            };
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
