using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>
/// 4. Twenty members post through the API as fast as they can into one thread. Comments committed and
/// pushed per second, ack latency, and a count check: every acknowledged comment is in the thread and in
/// its event log exactly once, and was pushed to a subscriber.
/// </summary>
internal static class WritesScenario
{
    public const string Name = "writes";
    private const int Writers = 20;

    internal sealed class PushedEvent
    {
        public long Seq { get; set; }
        public string? Kind { get; set; }
        public CommentStub? Comment { get; set; }
    }

    public static async Task RunAsync(BenchContext bench, CancellationToken ct)
    {
        var server = await bench.StartAppAsync(Name, null, null, ct);
        using var client = new ForumClient(server.BaseUrl);
        var tokens = new List<string>();
        for (var w = 0; w < Writers; w++)
        {
            tokens.Add(await client.NewMemberAsync($"member{w:00}", ct));
        }

        var threadId = await client.NewThreadAsync(tokens[0], "A busy thread", "Twenty people reply at once.", ct);

        // One subscriber that records when each comment was pushed.
        var pushed = new ConcurrentDictionary<long, long>();
        await using var subscriber = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseUrl, "/hubs/threads"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        subscriber.On<PushedEvent>("ThreadEvent", e =>
        {
            if (e is { Kind: "posted", Comment: { } comment })
            {
                pushed.TryAdd(comment.Id, Stopwatch.GetTimestamp());
            }
        });
        subscriber.On<System.Text.Json.JsonElement>("Presence", _ => { });
        await subscriber.StartAsync(ct);
        await subscriber.InvokeAsync<System.Text.Json.JsonElement>("JoinThread", threadId, 0L, ct);

        var warmUp = new ConcurrentBag<long>();
        await Task.WhenAll(tokens.Select(async token =>
        {
            for (var i = 0; i < 3; i++)
            {
                var outcome = await client.PostCommentAsync(token, threadId, null, "Warming up.", ct);
                if (outcome.Comment is { } c)
                {
                    warmUp.Add(c.Id);
                }
            }
        }));

        var duration = TimeSpan.FromSeconds(bench.Quick ? 3 : 20);

        // For reference: one member alone, in a thread of its own, so no writer waits for another.
        var soloThread = await client.NewThreadAsync(tokens[0], "A quiet thread", "One person replies.", ct);
        var solo = await PostAsFastAsAsync(client, [tokens[0]], soloThread, duration, server, "writes x1", () => pushed.Count, ct);
        var soloMs = solo.Acked.Select(a => Stats.Ms(a.SentAt, a.AckedAt)).ToList();
        bench.Report.Add(new Row("4 write path", $"1 writer, own thread, {duration.TotalSeconds:0} s", "comments committed per second; ack p50 / p99", solo.Acked.Count / solo.Seconds, "/s",
            Cpu: solo.Cpu, Note: "reference: the same path without concurrent writers",
            Display: $"{solo.Acked.Count / solo.Seconds:0} /s; {Stats.Percentile(soloMs, 50):0.0} / {Stats.Percentile(soloMs, 99):0.0} ms"));

        var run = await PostAsFastAsAsync(client, tokens, threadId, duration, server, $"writes x{Writers}", () => pushed.Count, ct);
        var acked = run.Acked;
        var statuses = run.Statuses;
        var cpu = run.Cpu;
        var seconds = run.Seconds;

        // Pushes still in flight get a few seconds.
        var waitUntil = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (acked.Any(a => !pushed.ContainsKey(a.Id)) && Stopwatch.GetTimestamp() < waitUntil)
        {
            await Task.Delay(100, ct);
        }

        // The count check, against the whole tree and the event log.
        var ackedIds = acked.Select(a => a.Id).ToHashSet();
        var (lastSeq, treeIds) = await client.GetThreadAsync(threadId, ct);
        var events = await client.GetAllEventsAsync(threadId, ct);
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
        var committedPerSecond = acked.Count / seconds;
        var pushedPerSecond = acked.Count(a => pushed.ContainsKey(a.Id)) / seconds;
        var statusText = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}"));
        var caseName = $"{Writers} writers, one thread, {duration.TotalSeconds:0} s";
        var report = bench.Report;
        report.Add(new Row("4 write path", caseName, "comments committed / pushed per second", committedPerSecond, "/s",
            Target: "≥ 1,000 /s, every one pushed",
            Met: bench.Quick ? null : committedPerSecond >= 1000 && notPushed == 0,
            Cpu: cpu,
            Note: $"{acked.Count:N0} acked in {seconds:0.0} s; statuses {statusText}",
            Display: $"{committedPerSecond:0} / {pushedPerSecond:0} /s"));
        report.Add(new Row("4 write path", caseName, "ack p50 / p99; send→push p99", Stats.Percentile(ackMs, 99), "ms",
            Cpu: cpu,
            Display: $"{Stats.Percentile(ackMs, 50):0.0} / {Stats.Percentile(ackMs, 99):0.0} ms; {Stats.Percentile(pushMs, 99):0.0} ms"));
        report.Add(new Row("4 write path", caseName, "count check: acked comments not exactly once", problems, "",
            Target: "0", Met: problems == 0,
            Note: $"not in tree {notInTree}, twice in tree {twiceInTree}, posted events ≠ 1: {eventsNotOnce}, unacknowledged in tree {unexpected}, not pushed {notPushed}, seq 1..{lastSeq} gapless: {(gapless ? "yes" : "no")}",
            Display: $"{problems} of {acked.Count:N0}"));
        report.Details[Name] = new
        {
            acked = acked.Count, seconds, committedPerSecond, pushedPerSecond, statuses = statuses.ToDictionary(s => ((int)s.Key).ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value),
            ackP50 = Stats.Percentile(ackMs, 50), ackP99 = Stats.Percentile(ackMs, 99), pushP50 = Stats.Percentile(pushMs, 50), pushP99 = Stats.Percentile(pushMs, 99),
            notInTree, twiceInTree, eventsNotOnce, unexpected, notPushed, gapless, lastSeq, cpu,
        };
        await bench.StopAppAsync(server);
    }

    internal sealed record Posting(
        ConcurrentBag<(long Id, long SentAt, long AckedAt)> Acked, ConcurrentDictionary<HttpStatusCode, int> Statuses, double Seconds, CpuUsage Cpu);

    /// <summary>Each member posts as fast as the answers come back, for <paramref name="duration"/>.</summary>
    private static Task<Posting> PostAsFastAsAsync(
        ForumClient client, IReadOnlyList<string> tokens, long threadId, TimeSpan duration, AppServer server, string label, Func<int> pushedCount, CancellationToken ct) =>
        PostAsFastAsAsync([client], tokens, threadId, duration, [server], label, pushedCount, ct);

    /// <summary>As above, member w posting through <paramref name="clients"/>[w % count]: writers spread over instances.</summary>
    internal static async Task<Posting> PostAsFastAsAsync(
        IReadOnlyList<ForumClient> clients, IReadOnlyList<string> tokens, long threadId, TimeSpan duration, IReadOnlyList<AppServer> servers, string label,
        Func<int> pushedCount, CancellationToken ct)
    {
        var acked = new ConcurrentBag<(long Id, long SentAt, long AckedAt)>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var recent = new long[256];
        var recentCount = 0L;
        Progress.Say($"{label}: posting for {duration.TotalSeconds:0} s");
        var meter = CpuMeter.Start(servers);
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await using (Progress.Every(TimeSpan.FromSeconds(5), label, () => $"{acked.Count} acked, {pushedCount()} pushed", servers))
        {
            await Task.WhenAll(tokens.Select(async (token, w) =>
            {
                var random = new Random(1000 + w);
                while (Stopwatch.GetTimestamp() < end)
                {
                    // A third start a conversation; the rest answer one of the latest comments.
                    long? parentId = null;
                    var known = Interlocked.Read(ref recentCount);
                    if (known > 0 && random.NextDouble() > 0.33)
                    {
                        parentId = Volatile.Read(ref recent[random.Next((int)Math.Min(known, recent.Length))]);
                    }

                    var outcome = await clients[w % clients.Count].PostCommentAsync(token, threadId, parentId, Texts.Comment(random), ct);
                    statuses.AddOrUpdate(outcome.Status, 1, (_, n) => n + 1);
                    if (outcome.Comment is { } comment)
                    {
                        acked.Add((comment.Id, outcome.SentAt, outcome.AckedAt));
                        var slot = Interlocked.Increment(ref recentCount) - 1;
                        Volatile.Write(ref recent[slot % recent.Length], comment.Id);
                    }
                }
            }));
        }

        var lastAck = acked.IsEmpty ? Stopwatch.GetTimestamp() : acked.Max(a => a.AckedAt);
        var cpu = meter.Stop();
        return new Posting(acked, statuses, Stats.Ms(started, lastAck) / 1000, cpu);
    }
}
