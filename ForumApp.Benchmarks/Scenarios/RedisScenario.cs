using System.Text.Json;
using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;
using Microsoft.AspNetCore.SignalR.Client;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>
/// 5. Two instances on one database, joined by a private redis-server: the poster writes to A, the
/// subscribers listen on B. Beside it, the same posts with the subscribers on A (single instance).
/// "redis" shares one SQLite file; "redis-pg" a private PostgreSQL, where the instances' writes meet only in the server.
/// </summary>
internal static class RedisScenario
{
    public const string Name = "redis";
    public const string PostgresName = "redis-pg";

    public static async Task RunAsync(BenchContext bench, CancellationToken ct)
    {
        await using var redis = await RedisServer.StartAsync(Path.Combine(bench.WorkFolder, "redis"), ct);
        var settings = new Dictionary<string, string> { ["Redis__Configuration"] = redis.Configuration };
        await MeasureAsync(bench, "5 two instances + Redis", Name, Path.Combine(bench.WorkFolder, "data-shared"), settings, ct);
    }

    public static async Task RunOnPostgresAsync(BenchContext bench, CancellationToken ct)
    {
        await using var database = await PostgresServer.StartAsync(Path.Combine(Path.GetTempPath(), $"forumapp-bench-pg-{Guid.NewGuid():N}"), ct);
        await using var redis = await RedisServer.StartAsync(Path.Combine(bench.WorkFolder, "redis-pg"), ct);
        var settings = new Dictionary<string, string>
        {
            ["Redis__Configuration"] = redis.Configuration,
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Forum"] = database.ConnectionString("forum_redis"),
        };
        await MeasureAsync(bench, "5b two instances + Redis on PostgreSQL", PostgresName, null, settings, ct);
    }

    private static async Task MeasureAsync(
        BenchContext bench, string group, string name, string? dataFolder, Dictionary<string, string> settings, CancellationToken ct)
    {
        // A first, so that it alone migrates the fresh database; B then finds it current.
        var a = await bench.StartAppAsync($"{name}-a", dataFolder, settings, ct);
        var b = await bench.StartAppAsync($"{name}-b", dataFolder, settings, ct);
        using var clientA = new ForumClient(a.BaseUrl);
        var token = await clientA.NewMemberAsync("crossposter", ct);
        int[] sizes = bench.Quick ? [20] : [100, 1000];
        var (rate, posts) = bench.Quick ? (5.0, 10) : (5.0, 150);
        var measurements = new List<FanoutMeasurement>();

        foreach (var n in sizes)
        {
            var byTarget = new Dictionary<string, FanoutMeasurement>();
            foreach (var (target, server) in new[] { ("single instance", a), ("cross instance", b) })
            {
                var threadId = await clientA.NewThreadAsync(token, $"{target} to {n}", "Watched on another instance.", ct);
                var (lastSeq, _) = await clientA.GetThreadAsync(threadId, ct);
                await using var subscribers = await HubSubscribers.ConnectAsync(
                    new Uri(server.BaseUrl, "/hubs/threads"), n,
                    c => c.InvokeAsync<JsonElement>("JoinThread", threadId, lastSeq, ct), $"{name} N={n}: connecting to {server.Name}", ct);
                var poster = new ForumPoster(clientA, token, threadId, Texts.FanoutBody);
                byTarget[target] = await FanoutPhase.RunAsync($"{name} N={n} {target} {rate}/s", target, subscribers, poster, rate, posts, [a, b], ct);
            }

            var single = byTarget["single instance"];
            var cross = byTarget["cross instance"];
            var added = cross.LastP99 - single.LastP99;
            bench.Report.Add(new Row(group, $"N={n:N0}, {rate:0} posts/s, poster on A", "subscribers on B: last recipient p50 / p99 / max", cross.LastP99, "ms",
                Baseline: $"subscribers on A: {FanoutScenario.Triple(single)}",
                Target: "Redis adds ≤ 10 ms at p99",
                Met: bench.Quick ? null : added <= 10 && cross.Missing == 0,
                Cpu: cross.Cpu,
                Note: $"adds {added:0.0} ms at p99; missing {cross.Missing} (on A: {single.Missing}); server CPU is A + B",
                Display: FanoutScenario.Triple(cross)));
            measurements.Add(single);
            measurements.Add(cross);
        }

        bench.Report.Details[name] = measurements;
        await bench.StopAppAsync(b);
        await bench.StopAppAsync(a);
    }
}
