using System.Text.Json;
using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Reporting;
using Microsoft.AspNetCore.SignalR.Client;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>
/// 1. One post reaches N hub subscribers of its thread, at 5 and 20 posts/s; beside it the same payload
/// broadcast by a bare hub in the same process to the same N, triggered by an HTTP POST as well.
/// </summary>
internal static class FanoutScenario
{
    public const string Name = "fanout";

    public static async Task RunAsync(BenchContext bench, CancellationToken ct)
    {
        var server = await bench.StartAppAsync(Name, null, null, ct);
        using var client = new ForumClient(server.BaseUrl);
        var token = await client.NewMemberAsync("poster", ct);
        int[] sizes = bench.Quick ? [1, 50] : [1, 100, 1000];
        (double Rate, int Posts)[] rates = bench.Quick ? [(5, 10), (20, 40)] : [(5, 150), (20, 400)];
        var measurements = new List<FanoutMeasurement>();
        var phase = 0;

        foreach (var n in sizes)
        {
            var threadId = await client.NewThreadAsync(token, $"Fan-out to {n}", "A thread many people watch.", ct);
            var (lastSeq, _) = await client.GetThreadAsync(threadId, ct);
            var forum = new List<FanoutMeasurement>();
            await using (var subscribers = await HubSubscribers.ConnectAsync(
                             new Uri(server.BaseUrl, "/hubs/threads"), n,
                             c => c.InvokeAsync<JsonElement>("JoinThread", threadId, lastSeq, ct), $"fanout N={n}: connecting to /hubs/threads", ct))
            {
                foreach (var (rate, posts) in rates)
                {
                    var poster = new ForumPoster(client, token, threadId, Texts.FanoutBody);
                    forum.Add(await FanoutPhase.RunAsync($"fanout N={n} forum {rate}/s", "forum", subscribers, poster, rate, posts, [server], ct));
                }
            }

            // The forum's own event for this body, byte for byte as the hub sends it: the baseline's payload.
            var eventJson = await client.GetFirstEventJsonAsync(threadId, ct);
            var baseline = new List<FanoutMeasurement>();
            await using (var subscribers = await HubSubscribers.ConnectAsync(
                             new Uri(server.BaseUrl, "/hubs/baseline"), n, null, $"fanout N={n}: connecting to /hubs/baseline", ct))
            {
                foreach (var (rate, posts) in rates)
                {
                    var poster = new BaselinePoster(client, eventJson, baseSeq: ++phase * 10_000_000L);
                    baseline.Add(await FanoutPhase.RunAsync($"fanout N={n} baseline {rate}/s", "baseline", subscribers, poster, rate, posts, [server], ct));
                }
            }

            for (var i = 0; i < rates.Length; i++)
            {
                AddRows(bench.Report, forum[i], baseline[i], n == sizes[^1] && !bench.Quick);
            }

            measurements.AddRange(forum);
            measurements.AddRange(baseline);
        }

        bench.Report.Details[Name] = measurements;
        bench.Report.Notes.Add($"fanout: the baseline payload is the forum's own ThreadEvent JSON for the same {Texts.FanoutBody.Length}-character comment; missing = a delivery not received {FanoutPhase.Grace.TotalSeconds:0} s after the last post.");
        await bench.StopAppAsync(server);
    }

    private static void AddRows(Report report, FanoutMeasurement forum, FanoutMeasurement baseline, bool targets)
    {
        var limit = forum.Rate <= 5 ? 50 : 100;
        var ratio = forum.LastP99 / baseline.LastP99;
        var caseName = $"N={forum.Subscribers:N0}, {forum.Rate:0} posts/s";
        report.Add(new Row(
            "1 fan-out", caseName, "last recipient p50 / p99 / max", forum.LastP99, "ms",
            Baseline: $"{Triple(baseline)} (p99 ratio {ratio:0.00}×)",
            Target: targets ? $"p99 ≤ {limit} ms and ≤ 1.5× baseline" : null,
            Met: targets ? forum.LastP99 <= limit && ratio <= 1.5 : null,
            Cpu: forum.Cpu,
            Note: $"{forum.Acked} posts; ack p50 {forum.AckP50:0.0} / p99 {forum.AckP99:0.0} ms; baseline CPU server {baseline.Cpu.ServerText}, client {baseline.Cpu.ClientText}",
            Display: Triple(forum)));
        report.Add(new Row(
            "1 fan-out", caseName, "missing deliveries", forum.Missing, "",
            Baseline: $"{baseline.Missing} of {baseline.Expected:N0}",
            Target: "0",
            Met: forum.Missing == 0 && forum.Failed == 0,
            Note: forum.Failed > 0 ? $"{forum.Failed} posts failed" : null,
            Display: $"{forum.Missing} of {forum.Expected:N0}"));
    }

    public static string Triple(FanoutMeasurement m) => $"{m.LastP50:0.0} / {m.LastP99:0.0} / {m.LastMax:0.0} ms";
}
