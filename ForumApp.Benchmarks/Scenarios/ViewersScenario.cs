using System.Text.Json;
using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;
using Microsoft.AspNetCore.SignalR.Client;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>
/// 6. N people watching one thread through its page (a Blazor circuit each, held by the headless client, no
/// browser) while comments arrive at 1 and 5 per second, a mix of deep replies and new top-level comments:
/// time from the post to the last circuit's render batch that inserts it, server CPU and memory per circuit,
/// and beside it the same N as hub clients. A cross-check (<see cref="ViewersCrossCheck"/>) runs the headless
/// client and real Chromium pages at small K and compares what each page costs the server per comment.
/// </summary>
internal static class ViewersScenario
{
    public const string Name = "viewers";

    public static async Task RunAsync(BenchContext bench, CancellationToken ct)
    {
        var sizes = bench.Options.Viewers ?? (bench.Quick ? [50] : [100, 1000, 5000, 10_000]);
        var seconds = bench.Options.ViewerSeconds ?? (bench.Quick ? 5 : 0);
        (double Rate, int Posts)[] rates = seconds > 0 ? [(1, (int)Math.Max(3, seconds)), (5, (int)Math.Max(5, 5 * seconds))] : [(1, 60), (5, 150)];
        var idleSeconds = bench.Options.IdleSeconds ?? (bench.Quick ? 3 : 15);
        var details = new List<object>();

        foreach (var n in sizes.Where(n => n > 0))
        {
            try
            {
                details.Add(await RunSizeAsync(bench, n, rates, idleSeconds, ct));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // 10,000 is attempted even where it cannot work; the failure is the figure.
                bench.Report.Add(new Row("6 viewers", $"N={n:N0} circuits", "run", double.NaN, "",
                    Note: $"failed: {exception.GetType().Name}: {exception.Message}", Display: "failed"));
                Progress.Say($"viewers N={n} failed: {exception}");
                await bench.DisposeAsync();
            }
        }

        var crossCheck = bench.Options.CrossCheck ?? (bench.Quick ? [] : [10, 30]);
        var checkPosts = seconds > 0 ? (int)Math.Max(10, 5 * seconds) : 75;
        var checkRounds = bench.Options.CrossCheckRounds ?? (bench.Quick ? 2 : 5);
        foreach (var k in crossCheck.Where(k => k > 0))
        {
            details.Add(await ViewersCrossCheck.RunAsync(bench, k, checkPosts, checkRounds, idleSeconds, ct));
        }

        bench.Report.Details[Name] = details;
        if (bench.Options.AnswerDelayMs > 0)
        {
            bench.Report.Notes.Add($"viewers: each circuit waited 0–{bench.Options.AnswerDelayMs} ms (drawn evenly) before each acknowledgement (--answer-delay-ms).");
        }

        bench.Report.Notes.Add("viewers: circuits are held by ForumApp.Benchmarks/BlazorClient (see its README), one process, no browser; " +
                               "'last circuit' = reply sent → the last connected circuit applied a render batch inserting #c{id} (new top-level comments, one in five, " +
                               "are held behind the page's 'new comments' notice, so they count in CPU but are not timed); missing = not inserted " +
                               $"{ViewerPhase.Grace.TotalSeconds:0} s after the last post; CPU per comment is above the lower of the two at-rest rates measured with the same pages open.");
    }

    private static async Task<object> RunSizeAsync(BenchContext bench, int n, (double Rate, int Posts)[] rates, int idleSeconds, CancellationToken ct)
    {
        var server = await bench.StartAppAsync($"{Name}-{n}", null, null, ct);
        using var client = new ForumClient(server.BaseUrl);
        var token = await client.NewMemberAsync($"viewerposter{n}", ct);
        var thread = await ViewerThread.CreateAsync(client, token, $"Watched by {n} pages", ct);
        var bare = bench.Options.ViewerPage == "bare";
        var page = new Uri(server.BaseUrl, bare ? $"/benchmark/bare/{thread.ThreadId}" : $"/t/{thread.ThreadId}");
        var caseName = bare ? $"N={n:N0} bare pages" : $"N={n:N0} circuits";

        // What posting costs with nobody watching: the marginal cost per circuit is measured above it.
        // A fresh instance still compiles its posting path (171 ms per comment measured that way, against tens
        // once warm), which made marginal figures negative: post a round to a thread of its own first, and open
        // and close a few pages, so both measured phases run warm code.
        await WarmUpAsync(client, token, page, server, ct);
        await Task.Delay(3000, ct);
        var idleEmpty = await ViewerPhase.IdleAsync(server, idleSeconds, ct);
        var alone = new List<ViewerMeasurement>();
        var unwatched = await ViewerThread.CreateAsync(client, token, "Watched by nobody", ct);
        foreach (var (rate, posts) in rates)
        {
            alone.Add(await ViewerPhase.RunAsync($"viewers N=0 {rate}/s", null, unwatched, rate, Math.Min(posts, 30), idleEmpty.ServerCores, server, ct));
        }

        var memory = new List<MemoryPoint> { Point(0, await client.CollectGarbageAsync(ct)) };
        var circuits = new List<ViewerMeasurement>();
        CpuUsage idle;
        CpuUsage settled;
        int failedToStart;
        int reconnections;
        IReadOnlyList<string> errors;
        Dictionary<string, int> interop;
        double clientKb;
        var longestWait = bench.Options.AnswerDelayMs;
        await using (var viewers = new HeadlessViewers { AnswerDelay = longestWait > 0 ? () => TimeSpan.FromMilliseconds(Random.Shared.Next(longestWait + 1)) : null })
        {
            var clientBefore = GC.GetTotalMemory(forceFullCollection: true);
            foreach (var half in new[] { n / 2, n - (n / 2) })
            {
                await viewers.OpenAsync(page, half, $"viewers N={n}: opening circuits", server, ct);
                // Let first renders and presence updates settle before measuring.
                await Task.Delay(2000, ct);
                memory.Add(Point(viewers.Connected, await client.CollectGarbageAsync(ct)));
            }

            // What the load client itself holds per circuit (managed heap), to know how far one process goes.
            clientKb = (GC.GetTotalMemory(forceFullCollection: true) - clientBefore) / 1024.0 / Math.Max(1, viewers.Count);
            idle = await ViewerPhase.IdleAsync(server, idleSeconds, ct, viewers);
            foreach (var (rate, posts) in rates)
            {
                circuits.Add(await ViewerPhase.RunAsync($"viewers N={n} circuits {rate}/s", viewers, thread, rate, posts, idle.ServerCores, server, ct));
            }

            // At rest again once the comments have been shown: the first measurement follows the circuits' start
            // (first renders, the JIT's second tier for what just became hot), this one is the steady state.
            settled = await ViewerPhase.IdleAsync(server, idleSeconds, ct, viewers);

            // Both at-rest rates overstate what N pages cost at rest: the first still holds the circuits' start (first
            // renders, the JIT), the second whatever backlog a saturated phase left. The lower one is subtracted: at
            // 100 pages the first came out at 13% against 1.3%, and made the CPU per circuit negative.
            var atRest = Math.Min(idle.ServerCores, settled.ServerCores);
            circuits = circuits.Select(c => c with { IdleServerCores = Math.Min(c.IdleServerCores, atRest) }).ToList();

            failedToStart = viewers.FailedToStart;
            reconnections = viewers.Reconnections;
            errors = viewers.Errors;
            interop = viewers.InteropCalls.OrderByDescending(p => p.Value).ToDictionary();
            Progress.Say($"viewers N={n}: JS interop calls answered: {string.Join(", ", interop.Select(p => $"{p.Key} ×{p.Value}"))}");
        }

        var workingSetKb = Stats.Slope(memory.Select(p => ((double)p.Pages, (double)p.WorkingSetBytes)).ToList()) / 1024;
        var managedKb = Stats.Slope(memory.Select(p => ((double)p.Pages, (double)p.ManagedBytes)).ToList()) / 1024;

        // The same N as hub clients of the same thread, after the circuits are gone.
        await Task.Delay(3000, ct);
        var hub = new List<FanoutMeasurement>();
        CpuUsage hubIdle;
        var (lastSeq, _) = await client.GetThreadAsync(thread.ThreadId, ct);
        var (topLevel, replies) = (thread.TopLevelPosted, thread.RepliesPosted);
        await using (var subscribers = await HubSubscribers.ConnectAsync(
                         new Uri(server.BaseUrl, "/hubs/threads"), n,
                         c => c.InvokeAsync<JsonElement>("JoinThread", thread.ThreadId, lastSeq, ct), $"viewers N={n}: connecting hub clients", ct))
        {
            hubIdle = await ViewerPhase.IdleAsync(server, idleSeconds, ct);
            foreach (var (rate, posts) in rates)
            {
                var poster = new ForumPoster(client, token, thread.ThreadId, Texts.FanoutBody);
                hub.Add(await FanoutPhase.RunAsync($"viewers N={n} hub {rate}/s", "forum", subscribers, poster, rate, posts, [server], ct));
            }
        }

        await bench.StopAppAsync(server);

        var report = bench.Report;
        for (var i = 0; i < rates.Length; i++)
        {
            var c = circuits[i];
            var h = hub[i];
            var marginalUs = (c.CpuMsPerComment - alone[i].CpuMsPerComment) * 1000 / Math.Max(1, c.Circuits);
            var hubMarginalUs = (Math.Max(0, h.Cpu.ServerCores - hubIdle.ServerCores) * h.Cpu.Seconds * 1000 / Math.Max(1, h.Acked) - alone[i].CpuMsPerComment) * 1000 / Math.Max(1, h.Subscribers);
            var rateCase = $"{caseName}, {c.Rate:0} comment/s";
            report.Add(new Row("6 viewers", rateCase, "last circuit p50 / p99 / max", c.LastP99, "ms",
                Baseline: $"hub clients: {FanoutScenario.Triple(h)}", Cpu: c.Cpu,
                Note: $"{c.Acked} comments ({topLevel} top-level, {replies} deep replies over both rates; replies timed); missing {c.Missing} of {c.Expected:N0} (hub: {h.Missing} of {h.Expected:N0}); hub CPU server {h.Cpu.ServerText}, client {h.Cpu.ClientText}",
                Display: $"{c.LastP50:0.0} / {c.LastP99:0.0} / {c.LastMax:0.0} ms"));
            report.Add(new Row("6 viewers", rateCase, "marginal server CPU per circuit per comment", marginalUs, "µs",
                Baseline: $"hub client: {hubMarginalUs:0.0} µs",
                Note: $"{c.CpuMsPerComment:0.00} ms CPU per comment with N circuits, {alone[i].CpuMsPerComment:0.00} ms with none",
                Display: $"{marginalUs:0.0} µs"));

            // Load-independent beside the CPU figure: what the server allocates for each page a comment reaches.
            var allocatedKb = (c.AllocatedKbPerComment - alone[i].AllocatedKbPerComment) / Math.Max(1, c.Circuits);
            var batches = c.Traffic is { } traffic && c.Circuits > 0 && c.Acked > 0 ? traffic.Batches / (double)(c.Circuits * c.Acked) : double.NaN;
            report.Add(new Row("6 viewers", rateCase, "server bytes allocated per circuit per comment", allocatedKb, "KB",
                Baseline: $"render batches per circuit per comment: {batches:0.00}",
                Note: $"GC.GetTotalAllocatedBytes of the server over the phase: {c.AllocatedKbPerComment:0} KB per comment with N circuits, " +
                      $"{alone[i].AllocatedKbPerComment:0} KB with none; the difference over N (rest not subtracted: see the 'at rest' progress lines)",
                Display: $"{allocatedKb:0.00} KB"));
        }

        report.Add(new Row("6 viewers", caseName, "server CPU at rest with N open", idle.ServerCores * 100, "%",
            Baseline: $"hub clients {hubIdle.ServerText}, nobody {idleEmpty.ServerText}", Cpu: idle,
            Note: "right after the circuits started; the CPU per comment is measured above the lower of this and the rate after the comments",
            Display: $"{idle.ServerCores * 100:0.0}%"));
        report.Add(new Row("6 viewers", caseName, "server CPU at rest with N open, after the comments", settled.ServerCores * 100, "%",
            Baseline: $"right after they started {idle.ServerText}", Cpu: settled,
            Display: $"{settled.ServerCores * 100:0.0}%"));
        report.Add(new Row("6 viewers", caseName, "server memory per circuit (working-set slope)", workingSetKb, "KB",
            Baseline: $"managed heap {managedKb:0.0} KB/circuit",
            Note: $"after a full compacting GC at 0, N/2, N circuits; the headless client holds {clientKb:0.0} KB managed per circuit; {failedToStart} circuits failed to start, {reconnections} reconnections" +
                  (errors.Count > 0 ? $"; errors: {string.Join(" | ", errors)}" : "")));

        return new { n, alone, circuits, hub, idleEmpty, idle, settled, hubIdle, memory, workingSetKb, managedKb, clientKb, failedToStart, reconnections, errors, interop };
    }

    /// <summary>Posts a round to a thread of its own and opens and closes a few pages, so that what is measured next runs warm code.</summary>
    internal static async Task WarmUpAsync(ForumClient client, string token, Uri page, AppServer server, CancellationToken ct)
    {
        var warmUp = await ViewerThread.CreateAsync(client, token, "Warm-up", ct);
        await using (var viewers = new HeadlessViewers())
        {
            await viewers.OpenAsync(page, 5, "viewers: warm-up pages", server, ct);
        }

        await ViewerPhase.RunAsync("viewers warm-up", null, warmUp, 5, 40, 0, server, ct);
    }

    private static MemoryPoint Point(int circuits, ServerMemory memory) => new(circuits, memory.WorkingSetBytes, memory.ManagedBytes);
}
