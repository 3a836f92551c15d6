using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ForumApp.Benchmarks.Hosting;

/// <summary>
/// A private PostgreSQL cluster (initdb into a folder of its own, a free loopback port, no system service),
/// stopped and deleted on disposal. It can be restarted the way an operator or a crash would, to play an outage
/// of the database server. Run as root, the cluster belongs to the postgres user the Debian package creates,
/// because initdb refuses root.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string Owner = "forum";
    private readonly string _folder;
    private readonly string _bin;
    private bool _running;

    private PostgresServer(string folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_folder, "data");

    /// <summary>A connection string for <paramref name="database"/>; the app creates it on first start.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={Owner};Database={database};Maximum Pool Size=100";

    public static async Task<PostgresServer> StartAsync(string folder, CancellationToken cancellationToken)
    {
        var bin = FindBinaries();
        Directory.CreateDirectory(folder);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["-R", "postgres", folder], null, cancellationToken);
        }

        var server = new PostgresServer(folder, bin, Ports.Free());
        await server.RunAsOwnerAsync("initdb", ["-D", server.DataDirectory, "-A", "trust", "-U", Owner], cancellationToken);
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts the cluster (again) on the same port and waits until it accepts connections.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        if (_running)
        {
            return;
        }

        var settings = string.Create(
            CultureInfo.InvariantCulture,
            $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=400 -c track_commit_timestamp=on -c shared_preload_libraries=pg_stat_statements");
        await RunAsOwnerAsync("pg_ctl", ["-D", DataDirectory, "-o", settings, "-l", Path.Combine(_folder, "postgres.log"), "-w", "start"], cancellationToken);
        _running = true;
        await WaitUntilListeningAsync(cancellationToken);
        Progress.Say($"postgresql on 127.0.0.1:{Port}");
    }

    /// <summary>
    /// Stops the server at once (<c>-m immediate</c>: no checkpoint, every connection cut, recovery from the
    /// write-ahead log at the next start), as a crash or a failover would look to the app.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_running)
        {
            return;
        }

        _running = false;
        await RunAsOwnerAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], cancellationToken);
        Progress.Say($"postgresql on 127.0.0.1:{Port} stopped");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException)
        {
            Progress.Say($"postgresql did not stop cleanly: {exception.Message}");
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process that is going away; the temp folder is cleaned later.
        }
    }

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql, or run ./test.sh once.");
    }

    private Task RunAsOwnerAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments], _folder, cancellationToken)
            : RunAsync(Path.Combine(_bin, tool), arguments, _folder, cancellationToken);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, string? workingDirectory, CancellationToken cancellationToken)
    {
        // The postgres user may not enter the folder the tool was started from, so commands run from the cluster's own.
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}{await output}");
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        throw new TimeoutException($"postgresql did not listen on {Port}; see {Path.Combine(_folder, "postgres.log")}.");
    }
}
