using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ForumApp.Benchmarks;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;
using ForumApp.Benchmarks.Scenarios;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("The benchmark reads server CPU and memory from /proc: it runs on Linux only.");
    return 2;
}

// Whatever happens, nothing the benchmark started outlives it.
using var cancel = new CancellationTokenSource();
using var signals = ChildProcesses.StopOnSignals(cancel);

// A thousand connections complete handshakes and messages at once: start with enough threads.
ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 8), 64);

var repoRoot = RepoRoot();
var stamp = DateTime.UtcNow.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture);
var workFolder = Path.Combine(Path.GetTempPath(), $"forumapp-bench-{stamp}-{Environment.ProcessId}");
Directory.CreateDirectory(workFolder);
var report = new Report
{
    Command = "dotnet run -c Release --project ForumApp.Benchmarks --" + (args.Length == 0 ? "" : " " + string.Join(' ', args)),
};
DescribeMachine(report);
Progress.Say($"work folder {workFolder}; scenarios {string.Join(",", options.Scenarios)}{(options.Quick ? " (quick)" : "")}");

var failed = false;
try
{
    var appFolder = options.AppFolder ?? await AppPublisher.PublishAsync(repoRoot, workFolder, cancel.Token);
    await using var bench = new BenchContext(options, appFolder, workFolder, report);
    foreach (var scenario in options.Scenarios)
    {
        cancel.Token.ThrowIfCancellationRequested();
        Progress.Say($"== scenario {scenario} ==");
        var started = Stopwatch.GetTimestamp();
        try
        {
            await (scenario switch
            {
                FanoutScenario.Name => FanoutScenario.RunAsync(bench, cancel.Token),
                PagesScenario.Name => PagesScenario.RunAsync(bench, cancel.Token),
                LongThreadScenario.Name => LongThreadScenario.RunAsync(bench, cancel.Token),
                WritesScenario.Name => WritesScenario.RunAsync(bench, cancel.Token),
                RedisScenario.Name => RedisScenario.RunAsync(bench, cancel.Token),
                ViewersScenario.Name => ViewersScenario.RunAsync(bench, cancel.Token),
                PostgresWritesScenario.Name => PostgresWritesScenario.RunAsync(bench, cancel.Token),
                RedisScenario.PostgresName => RedisScenario.RunOnPostgresAsync(bench, cancel.Token),
                SearchScenario.Name => SearchScenario.RunAsync(bench, cancel.Token),
                LiveThreadScenario.Name => LiveThreadScenario.RunAsync(bench, cancel.Token),
                ConversationLayoutScenario.Name => ConversationLayoutScenario.RunAsync(bench, cancel.Token),
                _ => throw new ArgumentException(scenario),
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            failed = true;
            report.Failures.Add($"{scenario}: {exception.GetType().Name}: {exception.Message}");
            Progress.Say($"scenario {scenario} failed: {exception}");
        }
        finally
        {
            // A scenario that failed half-way may have left an instance or pages behind.
            await bench.DisposeAsync();
        }

        Progress.Say($"scenario {scenario} took {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
    }
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    failed = true;
    report.Failures.Add("interrupted");
}
catch (Exception exception)
{
    failed = true;
    report.Failures.Add($"{exception.GetType().Name}: {exception.Message}");
    Progress.Say(exception.ToString());
}
finally
{
    ChildProcesses.KillAll();
}

report.FinishedAt = DateTimeOffset.UtcNow;
var (one, five, fifteen) = ProcFs.LoadAverage();
report.Machine["load average at the end (1/5/15 min)"] = $"{one:0.00} / {five:0.00} / {fifteen:0.00}";

var outFolder = options.OutFolder ?? Path.Combine(repoRoot, "docs", "benchmarks");
Directory.CreateDirectory(outFolder);
var baseName = $"results-{stamp}{(options.Quick ? "-quick" : "")}";
await File.WriteAllTextAsync(Path.Combine(outFolder, baseName + ".md"), report.ToMarkdown());
await File.WriteAllTextAsync(Path.Combine(outFolder, baseName + ".json"), report.ToJson());
Console.WriteLine(report.Table());
Progress.Say($"wrote {Path.Combine(outFolder, baseName)}.md and .json; logs in {Path.Combine(workFolder, "logs")}");
if (!failed)
{
    // The logs and the published app stay (rerun one scenario with --app <folder>/app); the databases go.
    TryDelete(workFolder, keep: ["logs", "app"]);
}

return failed ? 1 : 0;

static string RepoRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ForumApp.sln")))
            {
                return dir.FullName;
            }
        }
    }

    throw new InvalidOperationException("Run the benchmark from inside the repository (ForumApp.sln not found).");
}

static void DescribeMachine(Report report)
{
    var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
    var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    var os = File.Exists("/etc/os-release")
        ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
        : null;
    var (one, five, fifteen) = ProcFs.LoadAverage();
    report.Machine["CPU"] = $"{cpu}, {Environment.ProcessorCount} cores";
    report.Machine["memory"] = $"{long.Parse(memKb, CultureInfo.InvariantCulture) / 1024 / 1024.0:0.0} GiB";
    report.Machine["OS"] = os ?? RuntimeInformation.OSDescription;
    report.Machine[".NET"] = RuntimeInformation.FrameworkDescription;
    report.Machine["load average at the start (1/5/15 min)"] = $"{one:0.00} / {five:0.00} / {fifteen:0.00}";
    report.Machine["server"] = "ForumApp published Release, own process, Production, SQLite (WAL), fresh database per scenario; " +
                               "rate limits raised by configuration: Forum:RateLimits:CommentsPerMinute and NewAccountCommentsPerMinute = 1,000,000, " +
                               "ThreadsPerHour = 100,000, Forum:RegistrationsPerHourPerAddress, LoginsPerMinutePerAddress and ReportsPerHourPerAddress = 100,000, " +
                               "Forum:HubConnectionsPerAddress = 1,000,000";
    report.Machine["client"] = "this process (HTTP, SignalR .NET client over WebSockets) plus, for pages, Playwright's driver and headless Chromium; " +
                               "client-bound = the client used more than 80% of one core on average";
}

static void TryDelete(string folder, string[] keep)
{
    try
    {
        foreach (var dir in Directory.EnumerateDirectories(folder).Where(d => !keep.Contains(Path.GetFileName(d))))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
    catch (IOException)
    {
    }
}

// The app's framework reference (through the project it measures) would otherwise make this Program public, beside the app's own.
internal partial class Program;
