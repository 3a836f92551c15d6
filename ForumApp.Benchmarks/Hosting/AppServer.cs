using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ForumApp.Benchmarks.Hosting;

/// <summary>
/// One ForumApp instance in its own process, started from the published app on a free loopback port
/// (--urls http://127.0.0.1:0; the bound address is read back from the log), in Production, with the
/// rate limits raised for load and the benchmark endpoints switched on.
/// </summary>
internal sealed partial class AppServer : IAsyncDisposable
{
    /// <summary>Configuration every benchmark instance gets, beside its data folder.</summary>
    public static readonly IReadOnlyDictionary<string, string> BenchmarkSettings = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        // Posting limits are per member; the load clients post far faster than any person.
        ["Forum__RateLimits__CommentsPerMinute"] = "1000000",
        ["Forum__RateLimits__NewAccountCommentsPerMinute"] = "1000000",
        ["Forum__RateLimits__ThreadsPerHour"] = "100000",
        // Every client registers and logs in from 127.0.0.1.
        ["Forum__RegistrationsPerHourPerAddress"] = "100000",
        ["Forum__LoginsPerMinutePerAddress"] = "100000",
        // Thousands of anonymous hub subscribers connect from 127.0.0.1 at once.
        ["Forum__HubConnectionsPerAddress"] = "1000000",
        ["Forum__ReportsPerHourPerAddress"] = "100000",
        ["Forum__DemoAccounts"] = "false",
        ["Forum__Benchmark__Baseline"] = "true",
        // Only warnings in the log, and the line that says where the app listens.
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    };

    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppServer(string name, Process process, StreamWriter log, Uri baseUrl)
    {
        Name = name;
        _process = process;
        _log = log;
        BaseUrl = baseUrl;
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public Uri BaseUrl { get; }

    public bool HasExited => _process.HasExited;

    public long ResidentBytes => ProcFs.ResidentBytes(Pid) ?? 0;

    /// <param name="port">0 for a free port the OS picks; a given port to start an instance again where its clients expect it.</param>
    public static async Task<AppServer> StartAsync(
        string appFolder, string name, string dataFolder, string logFolder, IReadOnlyDictionary<string, string>? extra, CancellationToken cancellationToken, int port = 0)
    {
        Directory.CreateDirectory(dataFolder);
        var seeds = Path.Combine(dataFolder, "no-seeds");
        Directory.CreateDirectory(seeds);

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(appFolder, "ForumApp.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("Forum__", StringComparison.Ordinal) || k.StartsWith("Redis__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in BenchmarkSettings)
        {
            start.Environment[key] = value;
        }

        start.Environment["Forum__DataFolder"] = dataFolder;
        // A fresh database with no seed thread: every thread a scenario reads, it made itself.
        start.Environment["Forum__SeedFolder"] = seeds;
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        Directory.CreateDirectory(logFolder);
        // Appended to: an instance started again keeps one log across its lives.
        var log = new StreamWriter(Path.Combine(logFolder, $"{name}.log"), append: true) { AutoFlush = true };
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.WriteLine(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"{name} exited with {process.ExitCode} before listening; see {Path.Combine(logFolder, name + ".log")}."));

        process.Start();
        ChildProcesses.Add(process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = default(AppServer);
        try
        {
            var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(90), cancellationToken);
            server = new AppServer(name, process, log, url);
            await server.WaitHealthyAsync(cancellationToken);
            Progress.Say($"{name} listening on {url} (pid {process.Id}, data {dataFolder})");
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            else
            {
                ChildProcesses.Kill(process.Id);
                ChildProcesses.Remove(process.Id);
                process.Dispose();
                await log.DisposeAsync();
            }

            throw;
        }
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        // A busy machine answers the first requests slowly (start-up JIT, a database server's first
        // connections): a slow answer is asked again until the deadline, not taken as a failure.
        var deadline = Stopwatch.GetTimestamp() + (long)(90 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                using var response = await http.GetAsync("/healthz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException
                                                  || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{Name} did not become healthy.");
    }

    public async ValueTask DisposeAsync()
    {
        ChildProcesses.Kill(_process.Id);
        ChildProcesses.Remove(_process.Id);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Flush();
        }

        await _log.DisposeAsync();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
