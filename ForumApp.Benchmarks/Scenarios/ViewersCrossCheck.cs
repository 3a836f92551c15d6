using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>
/// Server CPU per page per comment: K headless circuits against K real Chromium pages on one instance, in rounds.
/// What 10 to 30 pages add per comment (a few milliseconds) is as large as the drift of the server's background
/// between two phases a minute apart, so one phase of each kind placed the ratio anywhere from 0.6 to 2. Here both
/// sets of pages stay open throughout, each round posts to the thread nobody watches, to the headless one and to
/// the Chromium one back to back, every per-page figure is taken against its own round's "nobody" phase, and the
/// report gives the median over the rounds with the lowest and highest round. A browser acknowledges a batch once it
/// has drawn it, so its answers reach the server spread out, which costs the server more than the burst of answers
/// headless circuits send at once: the Chromium pages' answer times are recorded first, and the headless circuits
/// answer after delays drawn from them.
/// </summary>
internal static class ViewersCrossCheck
{
    // At 1 comment/s what K pages add per comment (K × a fraction of a millisecond) drowned in the server's
    // background per comment; at 5/s the background per comment is a fifth.
    private const int Rate = 5;

    /// <summary>
    /// Measured after the last post: a Chromium phase ends once the posts are answered, before the pages' render
    /// acknowledgements reach the server, so every phase keeps the meter running as long after its last post.
    /// </summary>
    private static readonly TimeSpan Tail = TimeSpan.FromSeconds(1);

    private enum Watchers
    {
        Nobody,
        Headless,
        Chromium,
    }

    public static async Task<object> RunAsync(BenchContext bench, int k, int posts, int rounds, int idleSeconds, CancellationToken ct)
    {
        var server = await bench.StartAppAsync($"{ViewersScenario.Name}-check-{k}", null, null, ct);
        using var client = new ForumClient(server.BaseUrl);
        var token = await client.NewMemberAsync($"checkposter{k}", ct);
        try
        {
            await WarmUpAsync(bench, client, token, k, posts, server, ct);

            var threads = new Dictionary<Watchers, ViewerThread>
            {
                [Watchers.Nobody] = await ViewerThread.CreateAsync(client, token, "Watched by nobody", ct),
                [Watchers.Headless] = await ViewerThread.CreateAsync(client, token, $"Watched by {k} headless circuits", ct),
                [Watchers.Chromium] = await ViewerThread.CreateAsync(client, token, $"Watched by {k} Chromium pages", ct),
            };
            await using var viewers = new HeadlessViewers();
            await viewers.OpenAsync(Page(server, threads[Watchers.Headless]), k, $"cross-check K={k}: headless circuits", server, ct);
            var browsers = await bench.BrowsersAsync();
            var answers = new BrowserAnswerDelays();
            var pages = await browsers.OpenAsync(Page(server, threads[Watchers.Chromium]), k, $"cross-check K={k}: Chromium pages", ct, server, answers);
            CrossCheckSummary summary;
            CpuUsage whole;
            try
            {
                await Task.Delay(2000, ct);
                await ViewerPhase.IdleAsync(server, idleSeconds, ct, viewers);
                await RecordBrowserAnswersAsync(answers, k, threads[Watchers.Chromium], posts, server, ct);
                if (bench.Options.CrossCheckAnswersAsBrowsers)
                {
                    viewers.AnswerDelay = answers.Draw;
                }

                var meter = CpuMeter.Start(server);
                var done = new List<CrossCheckRound>();
                for (var round = 1; round <= rounds; round++)
                {
                    var costs = new Dictionary<Watchers, PhaseCost>();
                    foreach (var watchers in Order(round))
                    {
                        var label = $"cross-check K={k} round {round}/{rounds} {watchers}";
                        costs[watchers] = await MeasureAsync(label, watchers == Watchers.Headless ? viewers : null, threads[watchers], posts, server, ct);
                    }

                    var result = new CrossCheckRound(round, k, costs[Watchers.Nobody], costs[Watchers.Headless], costs[Watchers.Chromium]);
                    done.Add(result);
                    Progress.Say($"cross-check K={k} round {round}: {result.Text}");
                }

                whole = meter.Stop();
                summary = new CrossCheckSummary(done);
            }
            finally
            {
                await Browsers.CloseAsync(pages);
            }

            var answered = answers.Summary();
            var answeredAs = bench.Options.CrossCheckAnswersAsBrowsers
                ? $"headless circuits answered each batch after a delay drawn from the Chromium pages' own (median {answered.Median:0.0} ms, " +
                  $"90th percentile {answered.P90:0.0} ms, highest {answered.Max:0.0} ms over {answers.Count} answers)"
                : $"headless circuits answered each batch at once (Chromium pages took median {answered.Median:0.0} ms, 90th percentile {answered.P90:0.0} ms)";
            Report(bench.Report, k, posts, summary, whole, viewers.FailedToStart + viewers.Reconnections, answeredAs);
            return new
            {
                k, posts, rounds, answersAsBrowsers = bench.Options.CrossCheckAnswersAsBrowsers, browserAnswerMs = new { answered.Median, answered.P90, answered.Max },
                summary.CpuRatio, summary.HeadlessUs, summary.ChromiumUs, summary.NobodyMs, summary.HeadlessMs, summary.ChromiumMs,
                summary.AllocatedRatio, summary.HeadlessKb, summary.ChromiumKb, whole, perRound = summary.Rounds,
            };
        }
        finally
        {
            await bench.StopAppAsync(server);
        }
    }

    /// <summary>
    /// Each kind takes each place in turn: a phase pays for the garbage and the late work of the phase before it,
    /// and a fixed order would charge that to the same kind every round.
    /// </summary>
    private static IEnumerable<Watchers> Order(int round)
    {
        Watchers[] kinds = [Watchers.Nobody, Watchers.Headless, Watchers.Chromium];
        return kinds.Select((_, i) => kinds[(i + round - 1) % kinds.Length]);
    }

    private static async Task<PhaseCost> MeasureAsync(string label, HeadlessViewers? viewers, ViewerThread thread, int posts, AppServer server, CancellationToken ct)
    {
        // Every phase starts from the same heap: a collection half-due from the previous phase would otherwise land
        // in this one.
        await thread.Client.CollectGarbageAsync(ct);
        await Task.Delay(1000, ct);
        var allocatedBefore = await thread.Client.AllocatedBytesAsync(ct);
        var meter = CpuMeter.Start(server);
        // Headless circuits report what they saw; Chromium pages do not need to: the figure is the server's CPU.
        var phase = await ViewerPhase.RunAsync(label, viewers, thread, Rate, posts, 0, server, ct);
        await Task.Delay(Tail, ct);
        var cpu = meter.Stop();
        var allocated = await thread.Client.AllocatedBytesAsync(ct) - allocatedBefore;
        return new PhaseCost(phase.Acked, cpu.ServerCores * cpu.Seconds, allocated, cpu.Seconds, phase.Missing, cpu.OtherCores);
    }

    /// <summary>
    /// Measured on a freshly started app, whichever phase runs first pays for the JIT and tiering, more than K pages
    /// add; and pages that take live comments run code that posting alone never reaches.
    /// </summary>
    private static async Task WarmUpAsync(BenchContext bench, ForumClient client, string token, int k, int posts, AppServer server, CancellationToken ct)
    {
        var warmThread = await ViewerThread.CreateAsync(client, token, "Opened while warming up", ct);
        await ViewersScenario.WarmUpAsync(client, token, Page(server, warmThread), server, ct);
        await using (var warming = new HeadlessViewers())
        {
            await warming.OpenAsync(Page(server, warmThread), k, $"cross-check K={k}: warming circuits", server, ct);
            await ViewerPhase.RunAsync($"cross-check K={k} warming", warming, warmThread, Rate, posts, 0, server, ct);
        }

        await Task.Delay(3000, ct);
    }

    /// <summary>
    /// Posts a phase to the thread the Chromium pages watch, recording how long they take to answer its batches; the
    /// rounds' Chromium phases add to the record.
    /// </summary>
    private static async Task RecordBrowserAnswersAsync(BrowserAnswerDelays answers, int k, ViewerThread thread, int posts, AppServer server, CancellationToken ct)
    {
        answers.Recording = true;
        await ViewerPhase.RunAsync($"cross-check K={k}: Chromium pages' answers", null, thread, Rate, posts, 0, server, ct);
        await Task.Delay(Tail, ct);
        answers.Freeze();
        var (median, p90, max) = answers.Summary();
        Progress.Say($"cross-check K={k}: Chromium pages answered {answers.Count} batches after median {median:0.0} ms, 90th percentile {p90:0.0} ms, highest {max:0.0} ms");
    }

    private static Uri Page(AppServer server, ViewerThread thread) => new(server.BaseUrl, $"/t/{thread.ThreadId}");

    private static void Report(Report report, int k, int posts, CrossCheckSummary summary, CpuUsage whole, int troubles, string answeredAs)
    {
        var rounds = summary.Rounds.Count;
        var caseName = $"cross-check K={k} pages, {rounds} rounds of {posts} comments at {Rate}/s";
        var missing = summary.Rounds.Sum(r => r.Headless.Missing);
        report.Add(new Row("6 viewers", caseName, "server CPU per page per comment, headless ÷ Chromium (median of the rounds)", summary.CpuRatio.Median, "x",
            Baseline: $"headless {summary.HeadlessUs.Text("0.0", " µs")}, Chromium {summary.ChromiumUs.Text("0.0", " µs")} (medians, lowest–highest round)",
            Target: "within 25%", Met: summary.Within(0.25), Cpu: whole,
            Note: $"whole server CPU per comment: nobody {summary.NobodyMs.Text("0.00", " ms")}, headless {summary.HeadlessMs.Text("0.00", " ms")}, " +
                  $"Chromium {summary.ChromiumMs.Text("0.00", " ms")}; each round's pages minus its own 'nobody' phase, over K; the three kinds take turns " +
                  $"going first; {answeredAs}; other processes used {summary.OtherCores.Text("0.00", " cores")} during the phases; headless missing {missing}, circuits failed or reconnected {troubles}",
            Display: summary.CpuRatio.Text("0.00", "×")));
        report.Add(new Row("6 viewers", caseName, "server bytes allocated per page per comment, headless ÷ Chromium (median of the rounds)", summary.AllocatedRatio.Median, "x",
            Baseline: $"headless {summary.HeadlessKb.Text("0.00", " KB")}, Chromium {summary.ChromiumKb.Text("0.00", " KB")} (medians, lowest–highest round)",
            Note: "GC.GetTotalAllocatedBytes of the server over each phase, minus the round's 'nobody' phase, over K: not moved by other processes' load as CPU time is",
            Display: summary.AllocatedRatio.Text("0.00", "×")));
    }
}
