using System.Buffers;
using System.Diagnostics;
using System.Net;
using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>
/// 3. A thread of 10,000 comments in a realistic tree, written through the API by 20 members: its page's
/// prerendered HTML under 16 and 64 concurrent connections, and what a circuit on it costs, each beside a
/// 20-comment thread.
/// </summary>
internal static class LongThreadScenario
{
    public const string Name = "longthread";

    private sealed record HttpLoad(string Thread, int Connections, int Requests, int Errors, double Seconds,
        double TtfbP50, double TtfbP95, double FullP50, double FullP95, double BytesPerPage, CpuUsage Cpu)
    {
        public double PagesPerSecond => Requests / Seconds;
    }

    public static async Task RunAsync(BenchContext bench, CancellationToken ct)
    {
        var server = await bench.StartAppAsync(Name, null, null, ct);
        using var client = new ForumClient(server.BaseUrl);
        var tokens = new List<string>();
        for (var w = 0; w < 20; w++)
        {
            tokens.Add(await client.NewMemberAsync($"writer{w:00}", ct));
        }

        var size = bench.Options.LongThreadSize ?? (bench.Quick ? 500 : 10_000);
        var longId = await client.NewThreadAsync(tokens[0], "A very long discussion", "Everyone has something to say about this one.", ct);
        var meter = CpuMeter.Start(server);
        var built = await ThreadBuilder.WriteAsync(client, tokens, longId, TreePlan.Make(size, seed: 11), seed: 11, $"longthread: writing {size:N0} comments", server, ct);
        var seedCpu = meter.Stop();
        bench.Report.Add(new Row("3 long thread", $"{size:N0} comments, 20 writers", "written through the API", size / built.Elapsed.TotalSeconds, "/s",
            Cpu: seedCpu, Note: $"{built.Elapsed.TotalSeconds:0.0} s; {built.Retries} retries; replies wait for their parent, so this is not the write-path figure"));

        var shortId = await client.NewThreadAsync(tokens[0], "A short discussion", "Only a few replies here.", ct);
        await ThreadBuilder.WriteAsync(client, [tokens[0]], shortId, TreePlan.Make(20, seed: 7), seed: 7, "longthread: writing 20 comments", server, ct);

        var duration = TimeSpan.FromSeconds(bench.Quick ? 2 : 10);
        var loads = new List<HttpLoad>();
        foreach (var connections in new[] { 16, 64 })
        {
            foreach (var (thread, id) in new[] { ("20 comments", shortId), ($"{size:N0} comments", longId) })
            {
                loads.Add(await LoadAsync(server, $"/t/{id}", thread, connections, duration, ct));
            }
        }

        foreach (var connections in new[] { 16, 64 })
        {
            var reference = loads.Single(l => l.Connections == connections && l.Thread == "20 comments");
            var load = loads.Single(l => l.Connections == connections && l.Thread != "20 comments");
            var caseName = $"GET /t/{{id}}, {size:N0} comments, {connections} connections";
            var targeted = connections == 16 && !bench.Quick;
            bench.Report.Add(new Row("3 long thread", caseName, "first screen (full response) p50 / p95", load.FullP95, "ms",
                Baseline: $"20 comments: {reference.FullP50:0.0} / {reference.FullP95:0.0} ms",
                Target: connections == 16 ? "p95 ≤ 50 ms" : "(report)",
                Met: targeted ? load.FullP95 <= 50 : null,
                Cpu: load.Cpu,
                Note: load.Errors > 0 ? $"{load.Errors} errors" : null,
                Display: $"{load.FullP50:0.0} / {load.FullP95:0.0} ms"));
            bench.Report.Add(new Row("3 long thread", caseName, "time to first byte p50 / p95", load.TtfbP95, "ms",
                Baseline: $"20 comments: {reference.TtfbP50:0.0} / {reference.TtfbP95:0.0} ms",
                Display: $"{load.TtfbP50:0.0} / {load.TtfbP95:0.0} ms"));
            bench.Report.Add(new Row("3 long thread", caseName, "pages/s; bytes per page", load.PagesPerSecond, "/s",
                Baseline: $"20 comments: {reference.PagesPerSecond:0} /s; {reference.BytesPerPage / 1024:0.0} KB",
                Display: $"{load.PagesPerSecond:0} /s; {load.BytesPerPage / 1024:0.0} KB ({load.PagesPerSecond * load.BytesPerPage / 1024 / 1024:0.0} MB/s)"));
        }

        // Memory per circuit: the same number of pages on each thread, measured the same way.
        var browsers = await bench.BrowsersAsync();
        var k = PagesScenario.PageCount(bench);
        var (shortCost, shortPages) = await CircuitMemory.MeasureAsync(browsers, client, new Uri(server.BaseUrl, $"/t/{shortId}"), k, "longthread: 20-comment circuits", ct, server);
        await Browsers.CloseAsync(shortPages);
        await Task.Delay(2000, ct);
        var (longCost, longPages) = await CircuitMemory.MeasureAsync(browsers, client, new Uri(server.BaseUrl, $"/t/{longId}"), k, $"longthread: {size:N0}-comment circuits", ct, server);
        await Browsers.CloseAsync(longPages);

        var ratio = longCost.WorkingSetKbPerCircuit / shortCost.WorkingSetKbPerCircuit;
        var managedRatio = longCost.ManagedKbPerCircuit / shortCost.ManagedKbPerCircuit;
        bench.Report.Add(new Row("3 long thread", $"{size:N0}-comment thread, 0→{k} circuits", "server memory per circuit (working set; managed heap)", longCost.WorkingSetKbPerCircuit, "KB",
            Baseline: $"20 comments: {shortCost.WorkingSetKbPerCircuit:0.0} KB; {shortCost.ManagedKbPerCircuit:0.0} KB",
            Target: "≤ 1.2× the 20-comment thread",
            Met: bench.Quick ? null : ratio <= 1.2,
            Note: $"ratio {ratio:0.00}× working set, {managedRatio:0.00}× managed heap",
            Display: $"{longCost.WorkingSetKbPerCircuit:0.0} KB; {longCost.ManagedKbPerCircuit:0.0} KB"));

        bench.Report.Details[Name] = new { size, seconds = built.Elapsed.TotalSeconds, built.Retries, loads, shortCost, longCost };
        await bench.StopAppAsync(server);
    }

    private static async Task<HttpLoad> LoadAsync(AppServer server, string path, string thread, int connections, TimeSpan duration, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };

        // One untimed second at the same concurrency: connections open, caches and JIT warm.
        await RunAsync(http, path, connections, TimeSpan.FromSeconds(1), ct);
        var label = $"longthread GET {path} ({thread}) x{connections}";
        var requests = 0;
        Progress.Say($"{label}: measuring for {duration.TotalSeconds:0} s");
        var meter = CpuMeter.Start(server);
        (List<double> Ttfb, List<double> Full, long Bytes, int Errors)[] results;
        var started = Stopwatch.GetTimestamp();
        await using (Progress.Every(TimeSpan.FromSeconds(5), label, () => $"{Volatile.Read(ref requests)} pages", server))
        {
            results = await RunAsync(http, path, connections, duration, ct, () => Interlocked.Increment(ref requests));
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = meter.Stop();
        var ttfb = results.SelectMany(r => r.Ttfb).ToList();
        var full = results.SelectMany(r => r.Full).ToList();
        var load = new HttpLoad(thread, connections, full.Count, results.Sum(r => r.Errors), seconds,
            Stats.Percentile(ttfb, 50), Stats.Percentile(ttfb, 95), Stats.Percentile(full, 50), Stats.Percentile(full, 95),
            full.Count == 0 ? 0 : (double)results.Sum(r => r.Bytes) / full.Count, cpu);
        Progress.Say($"{label}: {load.PagesPerSecond:0} pages/s, full p50 {load.FullP50:0.0} / p95 {load.FullP95:0.0} ms, TTFB p95 {load.TtfbP95:0.0} ms, {load.BytesPerPage / 1024:0.0} KB; server {cpu.ServerText}, client {cpu.ClientText}");
        return load;
    }

    private static async Task<(List<double> Ttfb, List<double> Full, long Bytes, int Errors)[]> RunAsync(
        HttpClient http, string path, int connections, TimeSpan duration, CancellationToken ct, Action? onDone = null)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            var ttfb = new List<double>();
            var full = new List<double>();
            long bytes = 0;
            var errors = 0;
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                while (Stopwatch.GetTimestamp() < end)
                {
                    var start = Stopwatch.GetTimestamp();
                    using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
                    var headers = Stopwatch.GetTimestamp();
                    await using var body = await response.Content.ReadAsStreamAsync(ct);
                    int read;
                    while ((read = await body.ReadAsync(buffer, ct)) > 0)
                    {
                        bytes += read;
                    }

                    var finished = Stopwatch.GetTimestamp();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        errors++;
                        continue;
                    }

                    ttfb.Add(Stats.Ms(start, headers));
                    full.Add(Stats.Ms(start, finished));
                    onDone?.Invoke();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return (ttfb, full, bytes, errors);
        }));
    }
}
