using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;

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

        await using var writePath = await WritePath.SubscribeAsync(server.BaseUrl, threadId, ct);
        await writePath.WarmUpAsync([client], tokens, threadId, WritePath.SteadyWarmUp(bench.Options), ct);

        var duration = TimeSpan.FromSeconds(bench.Quick ? 3 : 20);

        // For reference: one member alone, in a thread of its own, so no writer waits for another.
        var soloThread = await client.NewThreadAsync(tokens[0], "A quiet thread", "One person replies.", ct);
        var solo = await WritePath.PostAsFastAsAsync([client], [tokens[0]], soloThread, duration, [server], "writes x1", () => writePath.Pushed.Count, ct);
        var soloMs = solo.Acked.Select(a => Stats.Ms(a.SentAt, a.AckedAt)).ToList();
        bench.Report.Add(new Row("4 write path", $"1 writer, own thread, {duration.TotalSeconds:0} s", "comments committed per second; ack p50 / p99", solo.Acked.Count / solo.Seconds, "/s",
            Cpu: solo.Cpu, Note: "reference: the same path without concurrent writers",
            Display: $"{solo.Acked.Count / solo.Seconds:0} /s; {Stats.Percentile(soloMs, 50):0.0} / {Stats.Percentile(soloMs, 99):0.0} ms"));

        var run = await WritePath.PostAsFastAsAsync([client], tokens, threadId, duration, [server], $"writes x{Writers}", () => writePath.Pushed.Count, ct);
        var caseName = $"{Writers} writers, one thread, {duration.TotalSeconds:0} s";
        bench.Report.Details[Name] = await writePath.ReportAsync(
            bench.Report, "4 write path", caseName, client, threadId, run, targeted: true, bench.Quick, "", ct);
        await bench.StopAppAsync(server);
    }
}
