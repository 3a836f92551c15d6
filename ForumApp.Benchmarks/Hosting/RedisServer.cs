using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ForumApp.Benchmarks.Hosting;

/// <summary>
/// A private redis-server on a free loopback port, stopped by its own pid on disposal. It can be stopped and
/// started again on the same port, to play an outage.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly string _folder;
    private int? _pid;

    private RedisServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var server = new RedisServer(folder, Ports.Free());
        await server.LaunchAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts the server again on the same port after <see cref="StopAsync"/> (an outage that ends).</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken) =>
        _pid is null ? LaunchAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Kills the server the way a crash would and waits until its process is gone.</summary>
    public async Task StopAsync()
    {
        if (_pid is not { } pid)
        {
            return;
        }

        _pid = null;
        ChildProcesses.Kill(pid);
        ChildProcesses.Remove(pid);
        await Task.Yield();
        Progress.Say($"redis-server on {Configuration} stopped");
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(_folder, "redis.pid");
        File.Delete(pidFile);
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--daemonize", "yes",
                     "--save", "", "--appendonly", "no", "--pidfile", pidFile, "--dir", _folder,
                     "--logfile", Path.Combine(_folder, "redis.log"),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using (var launcher = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start."))
        {
            // With --daemonize the launcher forks the server and exits at once.
            await launcher.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            if (launcher.ExitCode != 0)
            {
                throw new InvalidOperationException($"redis-server exited with {launcher.ExitCode}: {await launcher.StandardError.ReadToEndAsync(cancellationToken)}");
            }
        }

        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_pid is null && File.Exists(pidFile)
                && int.TryParse((await File.ReadAllTextAsync(pidFile, cancellationToken)).Trim(), CultureInfo.InvariantCulture, out var pid))
            {
                _pid = pid;
                ChildProcesses.Add(pid);
            }

            if (_pid is not null && await AnswersPingAsync())
            {
                Progress.Say($"redis-server on {Configuration} (pid {_pid})");
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        await DisposeAsync();
        throw new TimeoutException($"redis-server did not answer; see {Path.Combine(_folder, "redis.log")}.");
    }

    public int? Pid => _pid;

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAtLeastAsync(buffer, 7, throwOnEndOfStream: false, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read) == "+PONG\r\n";
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_pid is { } pid)
        {
            _pid = null;
            ChildProcesses.Kill(pid);
            ChildProcesses.Remove(pid);
        }

        return ValueTask.CompletedTask;
    }
}
