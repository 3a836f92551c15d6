using System.Diagnostics;
using ForumApp.Benchmarks.Hosting;

namespace ForumApp.Benchmarks.Clients;

/// <summary>One measured posting phase in front of headless viewers (or none): what it cost the server and when each circuit saw each comment.</summary>
internal sealed record ViewerMeasurement(
    int Circuits,
    double Rate,
    int Posts,
    int Acked,
    long Expected,
    long Missing,
    double LastP50,
    double LastP99,
    double LastMax,
    CpuUsage Cpu,
    double IdleServerCores,
    CircuitTraffic? Traffic = null,
    long AllocatedBytes = 0)
{
    /// <summary>Server CPU per comment above the idle rate, in milliseconds.</summary>
    public double CpuMsPerComment => Acked == 0 ? double.NaN : Math.Max(0, Cpu.ServerCores - IdleServerCores) * Cpu.Seconds * 1000 / Acked;

    /// <summary>
    /// Managed bytes the server allocated during the phase per comment, everything included (posting, delivery, the
    /// pages, and whatever ran meanwhile at rest; the idle lines give that rate).
    /// </summary>
    public double AllocatedKbPerComment => Acked == 0 ? double.NaN : AllocatedBytes / 1024.0 / Acked;
}

internal static class ViewerPhase
{
    /// <summary>How long after the last post a circuit may still show a comment before it counts as missing.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Replies are timed: the page inserts them at once. A new top-level comment only updates the page's
    /// "new comments" notice (the reader shows it), so it costs CPU here but has no element to wait for.
    /// </summary>
    private static bool Timed(PostOutcome post) => post.Comment is { ParentId: not null };

    /// <summary>Server CPU (cores) with nothing posted for <paramref name="seconds"/>: what the open pages cost at rest.</summary>
    public static async Task<CpuUsage> IdleAsync(AppServer server, double seconds, CancellationToken ct, HeadlessViewers? viewers = null)
    {
        var before = viewers?.Traffic();
        using var client = new ForumClient(server.BaseUrl);
        var allocatedBefore = await client.AllocatedBytesAsync(ct);
        var meter = CpuMeter.Start(server);
        var slices = await IdleSlicesAsync(server, seconds, ct);
        var cpu = meter.Stop();
        var allocated = await client.AllocatedBytesAsync(ct) - allocatedBefore;
        if (viewers is not null)
        {
            Progress.Say($"at rest with {viewers.Connected} circuits: server {cpu.ServerCores * 100:0.0}%{slices}, allocating {allocated / 1024.0 / seconds:0} KB/s; " +
                         $"{(viewers.Traffic() - before!).Per(viewers.Connected, seconds, "second")}");
        }

        return cpu;
    }

    /// <summary>
    /// Waits <paramref name="seconds"/>; over a long window, tells the server's CPU of each 10 s slice, so that what
    /// fades (the end of a phase, the JIT's second tier, a late GC) shows apart from what stays.
    /// </summary>
    private static async Task<string> IdleSlicesAsync(AppServer server, double seconds, CancellationToken ct)
    {
        const double slice = 10;
        if (seconds < 3 * slice)
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
            return "";
        }

        var shares = new List<string>();
        for (var left = seconds; left > 0; left -= slice)
        {
            var meter = CpuMeter.Start(server);
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(slice, left)), ct);
            shares.Add($"{meter.Stop().ServerCores * 100:0.0}");
        }

        return $" (each {slice:0} s: {string.Join(", ", shares)}%)";
    }

    /// <summary>
    /// Posts <paramref name="posts"/> comments at <paramref name="rate"/> per second (open loop) and waits until every
    /// connected viewer showed each one (or the grace period ran out). Without viewers it only measures the cost of posting.
    /// </summary>
    public static async Task<ViewerMeasurement> RunAsync(
        string label, HeadlessViewers? viewers, ViewerThread thread, double rate, int posts, double idleCores, AppServer server, CancellationToken ct)
    {
        var live = viewers?.Live() ?? [];
        var watching = live.Count(l => l);
        var sightings = viewers?.Arm(thread.LastCommentId);
        var sentCount = 0;
        var trafficBefore = viewers?.Traffic();
        var allocatedBefore = await thread.Client.AllocatedBytesAsync(ct);
        var meter = CpuMeter.Start(server);
        PostOutcome[] sent;
        long expected;
        await using (Progress.Every(TimeSpan.FromSeconds(5), label,
                         () => $"{Volatile.Read(ref sentCount)}/{posts} posts, {sightings?.Recorded ?? 0} sightings", server))
        {
            var tasks = new Task<PostOutcome>[posts];
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < posts; i++)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (long)(i * Stopwatch.Frequency / rate));
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait, ct);
                }

                tasks[i] = thread.PostNextAsync(i, $"{Texts.FanoutBody} ({label} #{i})", ct);
                sentCount = i + 1;
            }

            sent = await Task.WhenAll(tasks);
            expected = (long)sent.Count(Timed) * watching;
            var deadline = sent.Max(s => s.SentAt) + (long)(Grace.TotalSeconds * Stopwatch.Frequency);
            while (sightings is not null && sightings.Recorded < expected && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(10, ct);
            }
        }

        var cpu = meter.Stop();
        var allocated = await thread.Client.AllocatedBytesAsync(ct) - allocatedBefore;
        var traffic = viewers is null ? null : viewers.Traffic() - trafficBefore!;
        viewers?.Disarm();

        var last = new List<double>();
        long missing = 0;
        foreach (var post in sent.Where(Timed))
        {
            var row = sightings?.Of(post.Comment!.Id);
            long latest = 0;
            var complete = true;
            for (var c = 0; c < live.Length; c++)
            {
                if (!live[c])
                {
                    continue;
                }

                var at = row?[c] ?? 0;
                if (at == 0)
                {
                    missing++;
                    complete = false;
                }
                else
                {
                    latest = Math.Max(latest, at);
                }
            }

            if (complete && watching > 0)
            {
                last.Add(Stats.Ms(post.SentAt, latest));
            }
        }

        var acked = sent.Count(s => s.Comment is not null);
        var result = new ViewerMeasurement(watching, rate, posts, acked, expected, missing,
            Stats.Percentile(last, 50), Stats.Percentile(last, 99), Stats.Max(last), cpu, idleCores, traffic, allocated);
        Progress.Say($"{label}: last circuit p50 {result.LastP50:0.0} ms, p99 {result.LastP99:0.0} ms, max {result.LastMax:0.0} ms; " +
                     $"missing {missing}; server {cpu.ServerText} ({result.CpuMsPerComment:0.00} ms CPU, {result.AllocatedKbPerComment:0} KB allocated per comment), client {cpu.ClientText}" +
                     (traffic is null ? "" : $"; {traffic.Per(watching, acked, "comment")}"));
        return result;
    }
}
