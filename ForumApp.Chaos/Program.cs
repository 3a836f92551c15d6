using System.Globalization;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Chaos;
using ForumApp.Chaos.Hosting;

ChaosOptions options;
string? appFolder;
try
{
    (options, appFolder) = ChaosOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

// Whatever happens, nothing the run started outlives it.
using var cancel = new CancellationTokenSource();
using var signals = ChildProcesses.StopOnSignals(cancel);

// Hundreds of connections reconnect at once after an instance dies: start with enough threads.
ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 8), 64);

var stamp = DateTime.UtcNow.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture);
var workFolder = Path.Combine(Path.GetTempPath(), $"forumapp-chaos-{stamp}-{Environment.ProcessId}");
Directory.CreateDirectory(workFolder);
Progress.Say($"work folder {workFolder}; {options.Duration.TotalSeconds:0} s, {options.Instances} instances on {(options.PostgreSql ? "PostgreSQL" : "SQLite")}, {options.Clients} clients, {options.Writers} writers, seed {options.Seed}");

ChaosReport report;
try
{
    appFolder ??= await AppPublisher.PublishAsync(RepoRoot(), workFolder, cancel.Token);
    await using var cluster = await ChaosCluster.StartAsync(appFolder, workFolder, options, cancel.Token);
    report = await ChaosEngine.RunAsync(cluster, options, Progress.Say, cancel.Token);
}
catch (Exception exception)
{
    Progress.Say($"run failed: {exception}");
    ChildProcesses.KillAll();
    return 1;
}
finally
{
    ChildProcesses.KillAll();
}

Console.WriteLine($"command: dotnet run -c Release --project ForumApp.Chaos --{(args.Length == 0 ? "" : " " + string.Join(' ', args))}");
Console.WriteLine(report.Table());
Progress.Say($"logs in {Path.Combine(workFolder, "logs")}");
return report.Failed ? 1 : 0;

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

    throw new InvalidOperationException("Run the chaos tool from inside the repository (ForumApp.sln not found).");
}

// The app's framework reference (through the benchmark tool, which measures the app in process) would otherwise make this
// Program public, beside the app's own.
internal partial class Program;
