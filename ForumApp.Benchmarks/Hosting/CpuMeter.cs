using System.Diagnostics;

namespace ForumApp.Benchmarks.Hosting;

/// <summary>
/// CPU used over an interval by the server process(es), by this load client, and by the client's helper
/// processes (Playwright's driver and Chromium), each in cores (1.0 = one core busy for the whole interval).
/// </summary>
internal sealed class CpuMeter
{
    private readonly IReadOnlyList<int> _serverPids;
    private readonly long _startedAt;
    private readonly TimeSpan _server;
    private readonly TimeSpan _client;
    private readonly TimeSpan _helpers;
    private readonly TimeSpan _machine;

    private CpuMeter(IReadOnlyList<int> serverPids)
    {
        _serverPids = serverPids;
        _startedAt = Stopwatch.GetTimestamp();
        (_server, _client, _helpers) = Read(serverPids);
        _machine = ProcFs.MachineBusy();
    }

    public static CpuMeter Start(params IEnumerable<AppServer> servers) => new(servers.Select(s => s.Pid).ToList());

    public CpuUsage Stop()
    {
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var (server, client, helpers) = Read(_serverPids);
        var machine = (ProcFs.MachineBusy() - _machine).TotalSeconds / seconds;
        var usage = new CpuUsage(
            (server - _server).TotalSeconds / seconds,
            (client - _client).TotalSeconds / seconds,
            Math.Max(0, (helpers - _helpers).TotalSeconds / seconds),
            seconds);
        return usage with { OtherCores = Math.Max(0, machine - usage.ServerCores - usage.ClientCores - usage.HelperCores) };
    }

    private static (TimeSpan Server, TimeSpan Client, TimeSpan Helpers) Read(IReadOnlyList<int> serverPids)
    {
        var server = TimeSpan.Zero;
        foreach (var pid in serverPids)
        {
            server += ProcFs.CpuTime(pid) ?? TimeSpan.Zero;
        }

        var helpers = TimeSpan.Zero;
        foreach (var pid in ProcFs.Descendants(Environment.ProcessId))
        {
            if (!serverPids.Contains(pid))
            {
                helpers += ProcFs.CpuTime(pid) ?? TimeSpan.Zero;
            }
        }

        return (server, Environment.CpuUsage.TotalTime, helpers);
    }
}

/// <summary>Cores used over <see cref="Seconds"/>; see <see cref="Verdict"/> for when a run is not server-bound.</summary>
internal sealed record CpuUsage(double ServerCores, double ClientCores, double HelperCores, double Seconds)
{
    /// <summary>What every other process on the machine used meanwhile (other people's builds and tests).</summary>
    public double OtherCores { get; init; }

    /// <summary>
    /// The rule: a phase is client-bound when the load client (this process plus its browser, if any) kept
    /// more than 80% of one core busy on average. On a 2-core machine shared with the server that means the
    /// measurement competes with itself. It is also marked CPU-saturated when the whole machine (server,
    /// client and everything else running) was more than 90% busy, and other processes' share is named
    /// when it reached a quarter of a core.
    /// </summary>
    public string Verdict
    {
        get
        {
            var notes = new List<string>();
            if (ClientCores + HelperCores > 0.8)
            {
                notes.Add("client-bound");
            }

            if (ServerCores + ClientCores + HelperCores + OtherCores > 0.9 * Environment.ProcessorCount)
            {
                notes.Add("CPU-saturated");
            }

            if (OtherCores >= 0.25)
            {
                notes.Add($"other processes {OtherCores * 100:0}% CPU");
            }

            return string.Join(", ", notes);
        }
    }

    public string ClientText => HelperCores >= 0.005 ? $"{ClientCores * 100:0}% + browser {HelperCores * 100:0}%" : $"{ClientCores * 100:0}%";

    public string ServerText => $"{ServerCores * 100:0}%";
}
