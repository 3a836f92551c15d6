using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace ForumApp.Benchmarking;

/// <summary>
/// Endpoints the benchmark (ForumApp.Benchmarks) measures the forum against. Off unless the configuration
/// says <c>Forum:Benchmark:Baseline=true</c>; when off, nothing is registered or mapped, so a normal
/// instance exposes none of this.
/// </summary>
public static class BaselineSetup
{
    public const string EnabledKey = "Forum:Benchmark:Baseline";

    public static WebApplicationBuilder AddForumBenchmarkBaseline(this WebApplicationBuilder builder)
    {
        if (IsEnabled(builder.Configuration))
        {
            // Safe beside the forum's own call; the baseline must not depend on how the forum sets SignalR up.
            builder.Services.AddSignalR();
        }

        return builder;
    }

    public static WebApplication MapForumBenchmarkBaseline(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration))
        {
            return app;
        }

        app.MapHub<BaselineHub>(BaselineHub.Path);

        // The same trigger as the forum's (an HTTP POST), the same payload, none of the forum's work:
        // no database, no event bus, no groups. Answers once SignalR has taken the message for every client.
        app.MapPost("/benchmark/baseline", async (JsonElement payload, IHubContext<BaselineHub> hub, CancellationToken ct) =>
        {
            await hub.Clients.All.SendAsync("ThreadEvent", payload, ct);
            return TypedResults.Accepted((string?)null);
        });

        // Memory figures per circuit need a heap without garbage: collect, give memory back, then measure.
        app.MapPost("/benchmark/gc", () =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            return TypedResults.Ok(new ServerMemory(Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: false)));
        });

        // Bytes allocated since the process started: read before and after a phase, the difference is what it allocated.
        app.MapGet("/benchmark/allocated", () => TypedResults.Ok(GC.GetTotalAllocatedBytes(precise: true)));

        return app;
    }

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(EnabledKey);
}

/// <summary>The server's working set and live managed bytes right after a full collection.</summary>
public sealed record ServerMemory(long WorkingSetBytes, long ManagedBytes);
