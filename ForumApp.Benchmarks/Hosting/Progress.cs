using System.Diagnostics;

namespace ForumApp.Benchmarks.Hosting;

/// <summary>Progress lines on stderr, so stdout carries only the results table.</summary>
internal static class Progress
{
    private static readonly long Started = Stopwatch.GetTimestamp();

    public static void Say(string message) =>
        Console.Error.WriteLine($"[{Stopwatch.GetElapsedTime(Started).TotalSeconds,6:0.0}s] {message}");

    /// <summary>Prints <paramref name="status"/> every few seconds until disposed, with the server's CPU and memory.</summary>
    public static IAsyncDisposable Every(TimeSpan interval, string phase, Func<string> status, params IReadOnlyList<AppServer> servers) =>
        new Ticker(interval, phase, status, servers);

    private sealed class Ticker : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public Ticker(TimeSpan interval, string phase, Func<string> status, IReadOnlyList<AppServer> servers)
        {
            _loop = Task.Run(async () =>
            {
                var meter = CpuMeter.Start(servers);
                using var timer = new PeriodicTimer(interval);
                try
                {
                    while (await timer.WaitForNextTickAsync(_stop.Token))
                    {
                        var cpu = meter.Stop();
                        meter = CpuMeter.Start(servers);
                        var rss = servers.Sum(s => ProcFs.ResidentBytes(s.Pid) ?? 0) / (1024.0 * 1024);
                        Say($"{phase}: {status()}; server {cpu.ServerText} CPU, {rss:0} MB; client {cpu.ClientText} CPU");
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
    }
}
