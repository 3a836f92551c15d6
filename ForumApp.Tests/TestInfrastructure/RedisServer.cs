using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// A real redis-server on a free loopback port, one per test class (use as a class fixture). It can be
/// stopped and started again on the same port mid-test, to play an outage; whatever was started is
/// stopped on disposal, also after a failed test.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string _folder = TestFolders.NewTempFolder("redis");
    private int? _pid;

    public int Port { get; } = FreePort();

    /// <summary>The StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    private string PidFile => Path.Combine(_folder, "redis.pid");

    public Task InitializeAsync() => StartAsync();

    public async Task DisposeAsync()
    {
        await StopAsync();
        TestFolders.TryDelete(_folder);
    }

    /// <summary>Starts the server (again) on <see cref="Port"/> and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        if (_pid is not null)
        {
            return;
        }

        File.Delete(PidFile);
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--daemonize", "yes",
                     "--save", "", "--appendonly", "no", "--pidfile", PidFile, "--dir", _folder,
                     "--logfile", Path.Combine(_folder, "redis.log"),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using (var launcher = Launch(start))
        {
            // With --daemonize the launcher forks the server and exits at once.
            await launcher.WaitForExitAsync().WaitAsync(Patience);
            if (launcher.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"redis-server exited with {launcher.ExitCode}: {await launcher.StandardError.ReadToEndAsync()}{await launcher.StandardOutput.ReadToEndAsync()}");
            }
        }

        try
        {
            await WaitUntilAnsweringAsync();
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>Kills the server the way a crash would and waits until the process is gone.</summary>
    public async Task StopAsync()
    {
        if (_pid is not { } pid)
        {
            return;
        }

        _pid = null;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(Patience);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        try
        {
            await Eventually.True(
                async () =>
                {
                    if (_pid is null && File.Exists(PidFile)
                        && int.TryParse((await File.ReadAllTextAsync(PidFile)).Trim(), CultureInfo.InvariantCulture, out var pid))
                    {
                        _pid = pid;
                    }

                    return _pid is not null && await AnswersPingAsync();
                },
                $"redis-server on port {Port} answers PING",
                Patience);
        }
        catch (Xunit.Sdk.XunitException)
        {
            throw new TimeoutException($"redis-server on port {Port} did not answer PING; see {Path.Combine(_folder, "redis.log")}.");
        }
    }

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
            var read = await stream.ReadAtLeastAsync(buffer, "+PONG\r\n".Length, throwOnEndOfStream: false, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read) == "+PONG\r\n";
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static Process Launch(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("redis-server is not installed here (apt-get install -y redis-server).", exception);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
