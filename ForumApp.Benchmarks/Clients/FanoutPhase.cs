using System.Diagnostics;
using ForumApp.Benchmarks.Hosting;

namespace ForumApp.Benchmarks.Clients;

/// <summary>One measured fan-out: posts at a fixed rate (open loop), every subscriber records every arrival.</summary>
internal sealed record FanoutMeasurement(
    string Target,
    int Subscribers,
    double Rate,
    int Posts,
    int Acked,
    int Failed,
    long Expected,
    long Missing,
    double LastP50,
    double LastP99,
    double LastMax,
    double DeliveryP50,
    double AckP50,
    double AckP99,
    CpuUsage Cpu,
    double ServerMegabytes);

internal static class FanoutPhase
{
    /// <summary>How long after the last post a delivery may still arrive before it counts as missing.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    public static async Task<FanoutMeasurement> RunAsync(
        string label, string target, HubSubscribers subscribers, IPoster poster, double rate, int posts,
        IReadOnlyList<AppServer> servers, CancellationToken ct)
    {
        var baseSeq = await poster.WarmUpAsync(ct);
        await Task.Delay(500, ct);
        var arrivals = subscribers.Arm(baseSeq, posts + 64);
        var sentCount = 0;
        var expected = (long)posts * subscribers.Count;

        var meter = CpuMeter.Start(servers);
        Sent[] sent;
        await using (Progress.Every(TimeSpan.FromSeconds(5), label,
                         () => $"{Volatile.Read(ref sentCount)}/{posts} posts, {arrivals.Recorded}/{expected} deliveries", servers))
        {
            var tasks = new Task<Sent>[posts];
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < posts; i++)
            {
                var due = start + (long)(i * Stopwatch.Frequency / rate);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait, ct);
                }

                tasks[i] = poster.PostAsync(i, ct);
                sentCount = i + 1;
            }

            sent = await Task.WhenAll(tasks);
            var acked = sent.Count(s => s.Seq is not null);
            expected = (long)acked * subscribers.Count;
            var deadline = sent.Max(s => s.SentAt) + (long)(Grace.TotalSeconds * Stopwatch.Frequency);
            while (arrivals.Recorded < expected && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(10, ct);
            }
        }

        var cpu = meter.Stop();
        subscribers.Disarm();

        var last = new List<double>();
        var deliveries = new List<double>(capacity: (int)Math.Min(expected, 2_000_000));
        long missing = 0;
        foreach (var post in sent.Where(s => s.Seq is not null))
        {
            long latest = 0;
            var complete = true;
            for (var s = 0; s < arrivals.Subscribers; s++)
            {
                var at = arrivals.At(s, post.Seq!.Value);
                if (at == 0)
                {
                    missing++;
                    complete = false;
                    continue;
                }

                latest = Math.Max(latest, at);
                deliveries.Add(Stats.Ms(post.SentAt, at));
            }

            if (complete)
            {
                last.Add(Stats.Ms(post.SentAt, latest));
            }
        }

        var acks = sent.Where(s => s.Seq is not null).Select(s => Stats.Ms(s.SentAt, s.AckedAt)).ToList();
        var result = new FanoutMeasurement(
            target, subscribers.Count, rate, posts, acks.Count, posts - acks.Count, expected, missing,
            Stats.Percentile(last, 50), Stats.Percentile(last, 99), Stats.Max(last), Stats.Percentile(deliveries, 50),
            Stats.Percentile(acks, 50), Stats.Percentile(acks, 99), cpu,
            servers.Sum(s => s.ResidentBytes) / (1024.0 * 1024));
        Progress.Say($"{label}: last recipient p50 {result.LastP50:0.0} ms, p99 {result.LastP99:0.0} ms, max {result.LastMax:0.0} ms; missing {missing}; server {cpu.ServerText}, client {cpu.ClientText}");
        return result;
    }
}
