using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ForumApp.Benchmarks.Clients;

/// <summary>What a run of writers got back: every acknowledged comment with its send and ack times.</summary>
internal sealed record Posting(
    ConcurrentBag<(long Id, long SentAt, long AckedAt)> Acked, ConcurrentDictionary<HttpStatusCode, int> Statuses, double Seconds, CpuUsage Cpu);

/// <summary>
/// The parts every write-path measurement shares, whatever database or number of instances: one hub
/// subscriber recording when each comment was pushed, writers posting as fast as the answers come back,
/// and the count check that every acknowledged comment is stored, logged and pushed exactly once.
/// </summary>
internal sealed class WritePath : IAsyncDisposable
{
    private readonly HubConnection _subscriber;

    private WritePath(HubConnection subscriber) => _subscriber = subscriber;

    /// <summary>Comment id → when its "posted" event arrived.</summary>
    public ConcurrentDictionary<long, long> Pushed { get; } = new();

    /// <summary>Comments posted before the clock started; the check allows them in the tree.</summary>
    public ConcurrentBag<long> WarmUp { get; } = [];

    /// <summary>How long the writers post before the clock starts (see <see cref="WarmUpAsync"/>).</summary>
    public static TimeSpan SteadyWarmUp(BenchOptions bench) => TimeSpan.FromSeconds(bench.WarmUpSeconds ?? (bench.Quick ? 1 : 10));

    private sealed class PushedEvent
    {
        public string? Kind { get; set; }
        public CommentStub? Comment { get; set; }
    }

    public static async Task<WritePath> SubscribeAsync(Uri baseUrl, long threadId, CancellationToken ct)
    {
        var subscriber = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "/hubs/threads"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        var path = new WritePath(subscriber);
        subscriber.On<PushedEvent>("ThreadEvent", e =>
        {
            if (e is { Kind: "posted", Comment: { } comment })
            {
                path.Pushed.TryAdd(comment.Id, Stopwatch.GetTimestamp());
            }
        });
        subscriber.On<JsonElement>("Presence", _ => { });
        await subscriber.StartAsync(ct);
        await subscriber.InvokeAsync<JsonElement>("JoinThread", threadId, 0L, ct);
        return path;
    }

    /// <summary>
    /// Three posts from each member, through its own instance, then all of them posting as fast as they can for
    /// <paramref name="steady"/>, so JIT and pools are warm before the clock starts. Three posts alone left the
    /// runtime compiling the hot path at its final tier during the measured window: a profile of a PostgreSQL run
    /// found the JIT at a quarter of the instance's CPU, and each further instance compiles the same code again.
    /// </summary>
    public Task WarmUpAsync(IReadOnlyList<ForumClient> clients, IReadOnlyList<string> tokens, long threadId, TimeSpan steady, CancellationToken ct) =>
        Task.WhenAll(tokens.Select(async (token, w) =>
        {
            var client = clients[w % clients.Count];
            for (var i = 0; i < 3; i++)
            {
                await PostWarmUpAsync(client, token, threadId, ct);
            }

            var end = Stopwatch.GetTimestamp() + (long)(steady.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end)
            {
                await PostWarmUpAsync(client, token, threadId, ct);
            }
        }));

    private async Task PostWarmUpAsync(ForumClient client, string token, long threadId, CancellationToken ct)
    {
        if ((await client.PostCommentAsync(token, threadId, null, "Warming up.", ct)).Comment is { } c)
        {
            WarmUp.Add(c.Id);
        }
    }

    /// <summary>Member w posts through <paramref name="clients"/>[w % count] as fast as the answers come back, for <paramref name="duration"/>.</summary>
    public static async Task<Posting> PostAsFastAsAsync(
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

    /// <summary>
    /// Waits a few seconds for pushes still in flight, checks the run against the whole tree and the event
    /// log, and adds the three rows every write-path case reports. The 1,000/s target is shown when
    /// <paramref name="targeted"/>, and judged unless <paramref name="quick"/>.
    /// </summary>
    public async Task<object> ReportAsync(
        Report report, string group, string caseName, ForumClient reader, long threadId, Posting run, bool targeted, bool quick, string note, CancellationToken ct)
    {
        var acked = run.Acked;
        var waitUntil = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (acked.Any(a => !Pushed.ContainsKey(a.Id)) && Stopwatch.GetTimestamp() < waitUntil)
        {
            await Task.Delay(100, ct);
        }

        var ackedIds = acked.Select(a => a.Id).ToHashSet();
        var (lastSeq, treeIds) = await reader.GetThreadAsync(threadId, ct);
        var events = await reader.GetAllEventsAsync(threadId, ct);
        var inTree = treeIds.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var postedEvents = events.Where(e => e.Kind == "posted" && e.CommentId is not null).GroupBy(e => e.CommentId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var notInTree = ackedIds.Count(id => !inTree.ContainsKey(id));
        var twiceInTree = inTree.Count(kv => kv.Value > 1);
        var eventsNotOnce = ackedIds.Count(id => postedEvents.GetValueOrDefault(id) != 1);
        var unexpected = inTree.Keys.Count(id => !ackedIds.Contains(id) && !WarmUp.Contains(id));
        var seqs = events.Select(e => e.Seq).ToList();
        var gapless = seqs.Count == lastSeq && seqs.SequenceEqual(Enumerable.Range(1, seqs.Count).Select(i => (long)i));
        var notPushed = ackedIds.Count(id => !Pushed.ContainsKey(id));
        var problems = notInTree + twiceInTree + eventsNotOnce + unexpected + notPushed + (gapless ? 0 : 1);

        var ackMs = acked.Select(a => Stats.Ms(a.SentAt, a.AckedAt)).ToList();
        var pushMs = acked.Where(a => Pushed.ContainsKey(a.Id)).Select(a => Stats.Ms(a.SentAt, Pushed[a.Id])).ToList();
        var committedPerSecond = acked.Count / run.Seconds;
        var pushedPerSecond = acked.Count(a => Pushed.ContainsKey(a.Id)) / run.Seconds;
        var statusText = string.Join(", ", run.Statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}"));
        report.Add(new Row(group, caseName, "comments committed / pushed per second", committedPerSecond, "/s",
            Target: targeted ? "≥ 1,000 /s, every one pushed" : null,
            Met: !targeted || quick ? null : committedPerSecond >= 1000 && notPushed == 0,
            Cpu: run.Cpu,
            Note: $"{acked.Count:N0} acked in {run.Seconds:0.0} s; statuses {statusText}{note}",
            Display: $"{committedPerSecond:0} / {pushedPerSecond:0} /s"));
        report.Add(new Row(group, caseName, "ack p50 / p99; send→push p99", Stats.Percentile(ackMs, 99), "ms",
            Cpu: run.Cpu,
            Display: $"{Stats.Percentile(ackMs, 50):0.0} / {Stats.Percentile(ackMs, 99):0.0} ms; {Stats.Percentile(pushMs, 99):0.0} ms"));
        report.Add(new Row(group, caseName, "count check: acked comments not exactly once", problems, "",
            Target: "0", Met: problems == 0,
            Note: $"not in tree {notInTree}, twice in tree {twiceInTree}, posted events ≠ 1: {eventsNotOnce}, unacknowledged in tree {unexpected}, not pushed {notPushed}, seq 1..{lastSeq} gapless: {(gapless ? "yes" : "no")}",
            Display: $"{problems} of {acked.Count:N0}"));
        return new
        {
            acked = acked.Count, run.Seconds, committedPerSecond, pushedPerSecond,
            statuses = run.Statuses.ToDictionary(s => ((int)s.Key).ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value),
            ackP50 = Stats.Percentile(ackMs, 50), ackP99 = Stats.Percentile(ackMs, 99), pushP50 = Stats.Percentile(pushMs, 50), pushP99 = Stats.Percentile(pushMs, 99),
            notInTree, twiceInTree, eventsNotOnce, unexpected, notPushed, gapless, lastSeq, cpu = run.Cpu,
        };
    }

    public ValueTask DisposeAsync() => _subscriber.DisposeAsync();
}
