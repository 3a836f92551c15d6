using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Hosting;
using Microsoft.Playwright;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>Server memory per Blazor circuit: measured after a full collection at 0, K/2 and K open pages.</summary>
internal sealed record CircuitCost(int Pages, double WorkingSetKbPerCircuit, double ManagedKbPerCircuit, IReadOnlyList<MemoryPoint> Points);

/// <summary>The server's memory after a full collection with this many pages open.</summary>
internal sealed record MemoryPoint(int Pages, long WorkingSetBytes, long ManagedBytes);

internal static class CircuitMemory
{
    /// <summary>Opens <paramref name="count"/> pages of <paramref name="url"/> in two halves and fits the slope; the pages stay open.</summary>
    public static async Task<(CircuitCost Cost, List<IPage> Pages)> MeasureAsync(
        Browsers browsers, ForumClient client, Uri url, int count, string label, CancellationToken ct, AppServer server)
    {
        var points = new List<MemoryPoint> { Point(0, await client.CollectGarbageAsync(ct)) };
        var pages = new List<IPage>();
        foreach (var batch in new[] { count / 2, count - (count / 2) })
        {
            pages.AddRange(await browsers.OpenAsync(url, batch, $"{label}: opening pages", ct, server));

            // Let first renders, catch-up reads and presence updates finish before measuring.
            await Task.Delay(2000, ct);
            points.Add(Point(pages.Count, await client.CollectGarbageAsync(ct)));
        }

        var workingSet = Stats.Slope(points.Select(p => ((double)p.Pages, (double)p.WorkingSetBytes)).ToList()) / 1024;
        var managed = Stats.Slope(points.Select(p => ((double)p.Pages, (double)p.ManagedBytes)).ToList()) / 1024;
        Progress.Say($"{label}: {count} circuits, {workingSet:0} KB working set and {managed:0} KB managed heap per circuit");
        return (new CircuitCost(count, workingSet, managed, points), pages);
    }

    private static MemoryPoint Point(int pages, ServerMemory memory) => new(pages, memory.WorkingSetBytes, memory.ManagedBytes);
}
