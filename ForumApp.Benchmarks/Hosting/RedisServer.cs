using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ForumApp.Benchmarks.Hosting;

/// <summary>A private redis-server on a free loopback port, stopped by its own pid on disposal.</summary>
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
        var pidFile = Path.Combine(folder, "redis.pid");
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--daemonize", "yes",
                     "--save", "", "--appendonly", "no", "--pidfile", pidFile, "--dir", folder,
                     "--logfile", Path.Combine(folder, "redis.log"),
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
            if (server._pid is null && File.Exists(pidFile)
                && int.TryParse((await File.ReadAllTextAsync(pidFile, cancellationToken)).Trim(), CultureInfo.InvariantCulture, out var pid))
            {
                server._pid = pid;
                ChildProcesses.Add(pid);
            }

            if (server._pid is not null && await server.AnswersPingAsync())
            {
                Progress.Say($"redis-server on {server.Configuration} (pid {server._pid})");
                return server;
            }

            await Task.Delay(50, cancellationToken);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"redis-server did not answer; see {Path.Combine(folder, "redis.log")}.");
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
