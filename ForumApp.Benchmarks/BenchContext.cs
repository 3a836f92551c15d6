using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;

namespace ForumApp.Benchmarks;

/// <summary>What every scenario gets: the published app, scratch space, the options, the report and one browser.</summary>
internal sealed class BenchContext(BenchOptions options, string appFolder, string workFolder, Report report) : IAsyncDisposable
{
    private readonly List<AppServer> _servers = [];
    private Browsers? _browsers;
    private int _instances;

    public BenchOptions Options { get; } = options;
    public bool Quick => Options.Quick;
    public Report Report { get; } = report;
    public string WorkFolder { get; } = workFolder;

    /// <summary>Starts an instance on a fresh data folder (or the one given, to share a database).</summary>
    public async Task<AppServer> StartAppAsync(string name, string? dataFolder, IReadOnlyDictionary<string, string>? extra, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _instances);
        dataFolder ??= Path.Combine(WorkFolder, $"data-{n:00}-{name}");
        var server = await AppServer.StartAsync(appFolder, $"{n:00}-{name}", dataFolder, Path.Combine(WorkFolder, "logs"), extra, ct);
        _servers.Add(server);
        return server;
    }

    public async Task StopAppAsync(AppServer server)
    {
        _servers.Remove(server);
        await server.DisposeAsync();
    }

    public async Task<Browsers> BrowsersAsync()
    {
        return _browsers ??= await Browsers.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browsers is not null)
        {
            await _browsers.DisposeAsync();
            _browsers = null;

            // Chromium's renderers take a while to exit; the next measurement must not share the CPU with them.
            var serverPids = _servers.Select(s => s.Pid).ToHashSet();
            for (var i = 0; i < 100 && ProcFs.Descendants(Environment.ProcessId).Any(pid => !serverPids.Contains(pid)); i++)
            {
                await Task.Delay(100);
            }
        }

        foreach (var server in _servers.ToList())
        {
            await server.DisposeAsync();
        }

        _servers.Clear();
    }
}

internal sealed record BenchOptions(bool Quick, IReadOnlyList<string> Scenarios, string? AppFolder, int? Pages, string? OutFolder, int? LongThreadSize = null)
{
    public static readonly string[] AllScenarios = ["fanout", "pages", "longthread", "writes", "redis"];

    /// <summary>
    /// Scenarios run only when named: "viewers" holds up to 10,000 circuits and takes long; "writes-pg" and
    /// "redis-pg" need PostgreSQL installed (each starts a private cluster); "search" writes 100,000 comments first;
    /// "livethread" and "layout" measure classes of the app in process, with no server.
    /// </summary>
    public static readonly string[] OnRequestScenarios = ["viewers", "writes-pg", "redis-pg", "search", "livethread", "layout"];

    /// <summary>
    /// Seconds the write scenarios post before their clock starts, per instance (--warm-up-seconds; 10 by default):
    /// longer shows the steady state of a runtime that has finished compiling its hot code.
    /// </summary>
    public int? WarmUpSeconds { get; init; }

    /// <summary>Viewer counts for "viewers" (--viewers 100,1000,5000).</summary>
    public IReadOnlyList<int>? Viewers { get; init; }

    /// <summary>Seconds of each posting phase of "viewers" (--viewer-seconds), instead of 60 posts at 1/s and 150 at 5/s.</summary>
    public double? ViewerSeconds { get; init; }

    /// <summary>Seconds of each at-rest measurement of "viewers" (--idle-seconds); from 30 on, told in 10 s slices.</summary>
    public int? IdleSeconds { get; init; }

    /// <summary>Page counts for the headless-against-Chromium cross-check of "viewers" (--crosscheck 10,30; 0 for none).</summary>
    public IReadOnlyList<int>? CrossCheck { get; init; }

    /// <summary>Rounds of the cross-check (--crosscheck-rounds; 5 by default), each a phase nobody watches, one headless, one Chromium.</summary>
    public int? CrossCheckRounds { get; init; }

    /// <summary>
    /// Which page the circuits of "viewers" open (--viewer-page): "thread", the forum's thread page (the default), or
    /// "bare", the benchmark instance's page that only appends each new comment (ForumApp/Benchmarking/BareThreadPage):
    /// what Blazor itself costs per page per comment on this machine.
    /// </summary>
    public string ViewerPage { get; init; } = "thread";

    /// <summary>
    /// The longest wait, in ms, before a circuit of "viewers" answers a batch (--answer-delay-ms; each wait drawn evenly
    /// from 0 up to it): 0, answering at once, by default, as every run before the twelfth.
    /// </summary>
    public int AnswerDelayMs { get; init; }

    /// <summary>
    /// How the cross-check's headless circuits answer a batch (--crosscheck-answers): "browser", after delays drawn from
    /// what its Chromium pages were measured to take (the default), or "at-once".
    /// </summary>
    public bool CrossCheckAnswersAsBrowsers { get; init; } = true;

    public static BenchOptions Parse(string[] args)
    {
        var quick = false;
        IReadOnlyList<string> scenarios = AllScenarios;
        string? app = null;
        string? output = null;
        int? pages = null;
        int? size = null;
        IReadOnlyList<int>? viewers = null;
        IReadOnlyList<int>? crossCheck = null;
        int? crossCheckRounds = null;
        double? viewerSeconds = null;
        int? idleSeconds = null;
        int? warmUpSeconds = null;
        var viewerPage = "thread";
        var answerDelayMs = 0;
        var crossCheckAnswersAsBrowsers = true;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--scenarios" when i + 1 < args.Length:
                    scenarios = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => s.ToLowerInvariant()).ToList();
                    var unknown = scenarios.Except(AllScenarios).Except(OnRequestScenarios).ToList();
                    if (unknown.Count > 0)
                    {
                        throw new ArgumentException($"Unknown scenario(s): {string.Join(", ", unknown)}. Known: {string.Join(",", AllScenarios.Concat(OnRequestScenarios))}.");
                    }

                    break;
                case "--app" when i + 1 < args.Length:
                    app = Path.GetFullPath(args[++i]);
                    break;
                case "--pages" when i + 1 < args.Length:
                    pages = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--size" when i + 1 < args.Length:
                    size = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--viewers" when i + 1 < args.Length:
                    viewers = Numbers(args[++i]);
                    break;
                case "--crosscheck" when i + 1 < args.Length:
                    crossCheck = Numbers(args[++i]);
                    break;
                case "--crosscheck-rounds" when i + 1 < args.Length:
                    crossCheckRounds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--viewer-seconds" when i + 1 < args.Length:
                    viewerSeconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--idle-seconds" when i + 1 < args.Length:
                    idleSeconds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--viewer-page" when i + 1 < args.Length && args[i + 1] is "thread" or "bare":
                    viewerPage = args[++i];
                    break;
                case "--answer-delay-ms" when i + 1 < args.Length:
                    answerDelayMs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--crosscheck-answers" when i + 1 < args.Length && args[i + 1] is "browser" or "at-once":
                    crossCheckAnswersAsBrowsers = args[++i] == "browser";
                    break;
                case "--warm-up-seconds" when i + 1 < args.Length:
                    warmUpSeconds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--out" when i + 1 < args.Length:
                    output = Path.GetFullPath(args[++i]);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}");
            }
        }

        return new BenchOptions(quick, scenarios, app, pages, output, size)
        {
            Viewers = viewers,
            CrossCheck = crossCheck,
            CrossCheckRounds = crossCheckRounds,
            ViewerSeconds = viewerSeconds,
            IdleSeconds = idleSeconds,
            WarmUpSeconds = warmUpSeconds,
            ViewerPage = viewerPage,
            AnswerDelayMs = answerDelayMs,
            CrossCheckAnswersAsBrowsers = crossCheckAnswersAsBrowsers,
        };
    }

    private static List<int> Numbers(string list) => list
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(n => int.Parse(n, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture))
        .ToList();

    public const string Usage =
        "usage: dotnet run -c Release --project ForumApp.Benchmarks -- [--quick] [--scenarios fanout,pages,longthread,writes,redis,viewers,writes-pg,redis-pg,search]\n" +
        "       [--viewers 100,1000,5000,10000] [--viewer-seconds S] [--idle-seconds S] [--viewer-page thread|bare] [--answer-delay-ms MS]\n" +
        "       [--crosscheck 10,30] [--crosscheck-rounds R] [--crosscheck-answers browser|at-once]\n" +
        "       [--warm-up-seconds S] [--pages K] [--size <long-thread comments>] [--app <already published ForumApp folder>] [--out <results folder>]";
}
