using System.Diagnostics;
using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>
/// 2. A new comment becomes visible in K real Chromium pages watching the thread (each its own Blazor
/// circuit), and what a circuit costs the server in memory.
/// </summary>
internal static class PagesScenario
{
    public const string Name = "pages";

    public static int PageCount(BenchContext bench) => bench.Options.Pages ?? (bench.Quick ? 4 : 24);

    public static async Task RunAsync(BenchContext bench, CancellationToken ct)
    {
        var server = await bench.StartAppAsync(Name, null, null, ct);
        using var client = new ForumClient(server.BaseUrl);
        var token = await client.NewMemberAsync("pageposter", ct);
        var threadId = await client.NewThreadAsync(token, "Watched by many pages", "A thread with twenty comments, open in many tabs.", ct);
        var tree = await ThreadBuilder.WriteAsync(client, [token], threadId, TreePlan.Make(20, seed: 7), seed: 7, "pages: writing 20 comments", server, ct);
        var anchor = tree.Ids[0];

        var browsers = await bench.BrowsersAsync();
        var k = PageCount(bench);
        var (cost, pages) = await CircuitMemory.MeasureAsync(browsers, client, new Uri(server.BaseUrl, $"/t/{threadId}"), k, "pages", ct, server);
        try
        {
            var comments = bench.Quick ? 3 : 20;
            var perPage = new List<double>();
            var lastPage = new List<double>();
            var inPage = new List<double>();
            var missing = 0;
            var wrongElement = 0;
            var done = 0;
            var meter = CpuMeter.Start(server);
            await using (Progress.Every(TimeSpan.FromSeconds(5), $"pages K={k}", () => $"{Volatile.Read(ref done)}/{comments} comments seen", server))
            {
                for (var m = 0; m < comments; m++)
                {
                    var marker = $"seen{m}x{Guid.NewGuid():N}"[..24];
                    var watches = await Browsers.WatchForAsync(pages, marker, TimeSpan.FromSeconds(20));
                    await Task.Delay(100, ct);

                    // The page's clock is the wall clock: note it beside the Stopwatch at the same moment.
                    var epochMs = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
                    var epochTs = Stopwatch.GetTimestamp();
                    var posted = await client.PostCommentAsync(token, threadId, anchor, $"A reply everyone should see ({marker}).", ct);
                    var sentEpochMs = epochMs + Stats.Ms(epochTs, posted.SentAt);
                    var sightings = await Task.WhenAll(watches);
                    if (posted.Comment is null)
                    {
                        throw new InvalidOperationException($"Posting failed: {(int)posted.Status}.");
                    }

                    var latest = 0L;
                    foreach (var seen in sightings)
                    {
                        if (seen is null)
                        {
                            missing++;
                            continue;
                        }

                        if (seen.ElementId != $"c{posted.Comment.Id}")
                        {
                            wrongElement++;
                        }

                        perPage.Add(Stats.Ms(posted.SentAt, seen.SeenAt));
                        inPage.Add(seen.PageEpochMs - sentEpochMs);
                        latest = Math.Max(latest, seen.SeenAt);
                    }

                    if (sightings.All(s => s is not null))
                    {
                        lastPage.Add(Stats.Ms(posted.SentAt, latest));
                    }

                    done = m + 1;
                    await Task.Delay(400, ct);
                }
            }

            var cpu = meter.Stop();
            var report = bench.Report;
            var caseName = $"K={k} pages, {comments} comments";
            report.Add(new Row("2 pages", caseName, "visible in the last page p50 / p99", Stats.Percentile(lastPage, 99), "ms",
                Target: "(no target set)", Cpu: cpu,
                Note: $"{missing} sightings missing, {wrongElement} not in #c{{id}}",
                Display: $"{Stats.Percentile(lastPage, 50):0.0} / {Stats.Percentile(lastPage, 99):0.0} ms"));
            report.Add(new Row("2 pages", caseName, "visible per page p50 / p99", Stats.Percentile(perPage, 99), "ms",
                Baseline: $"page clock: {Stats.Percentile(inPage, 50):0.0} / {Stats.Percentile(inPage, 99):0.0} ms",
                Cpu: cpu,
                Note: "timed in this process when Playwright reports the page's MutationObserver; the page's own clock beside it",
                Display: $"{Stats.Percentile(perPage, 50):0.0} / {Stats.Percentile(perPage, 99):0.0} ms"));
            report.Add(new Row("2 pages", $"20-comment thread, 0→{k} circuits", "server memory per circuit (working-set slope)", cost.WorkingSetKbPerCircuit, "KB",
                Baseline: $"managed heap {cost.ManagedKbPerCircuit:0.0} KB/circuit",
                Note: "after a full compacting GC at 0, K/2, K pages"));
            report.Details[Name] = new { k, comments, perPage, lastPage, inPage, missing, wrongElement, cost };
        }
        finally
        {
            await Browsers.CloseAsync(pages);
            await bench.StopAppAsync(server);
        }
    }
}
