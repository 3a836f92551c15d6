using System.Globalization;

namespace ForumApp.Chaos;

/// <summary>Scale and faults of one run. Every loop is bounded by these counts and by <see cref="Duration"/>.</summary>
public sealed record ChaosOptions
{
    /// <summary>How long writers post; faults happen inside this window, the checks after it.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    public int Clients { get; init; } = 200;
    public int Writers { get; init; } = 20;
    public int Threads { get; init; } = 3;

    /// <summary>Mean pause between one writer's posts (each pause is 0.5x to 1.5x of it).</summary>
    public TimeSpan PostEvery { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Waves of client socket kills, spread over the run; each aborts the sockets of a share of the clients.</summary>
    public int SocketKillWaves { get; init; } = 12;

    public double SocketKillShare { get; init; } = 0.2;

    /// <summary>Instance kills (SIGKILL) followed by a start on the same port.</summary>
    public int InstanceRestarts { get; init; } = 1;

    /// <summary>How long an instance stays dead before it is started again.</summary>
    public TimeSpan RestartAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Redis is stopped this long, once, in the second half of the run (zero: no outage).</summary>
    public TimeSpan RedisOutage { get; init; } = TimeSpan.FromSeconds(10);

    public int Removals { get; init; } = 20;

    /// <summary>App processes sharing the database and Redis; clients and writers are spread over all of them.</summary>
    public int Instances { get; init; } = 2;

    /// <summary>
    /// A private PostgreSQL server instead of one SQLite file: the instances' writers then really race, as
    /// they would on any database server, and nothing serializes them but the database itself.
    /// </summary>
    public bool PostgreSql { get; init; }

    /// <summary>PostgreSQL stopped at once (immediate: every connection cut) and started again, under load.</summary>
    public int DatabaseRestarts { get; init; } = 1;

    /// <summary>How long the database server stays down at each restart.</summary>
    public TimeSpan DatabaseDownFor { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>After writing stops, how long clients may take to converge before what they lack counts as missing.</summary>
    public TimeSpan SettleWithin { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// False makes reconnecting clients ignore what JoinThread hands back, as a client that skips catch-up
    /// would: the checks must then find missing comments.
    /// </summary>
    public bool CatchUp { get; init; } = true;

    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>A short run (about 20 s) at small scale, with every fault once.</summary>
    public static ChaosOptions Short { get; } = new()
    {
        Duration = TimeSpan.FromSeconds(18),
        Clients = 30,
        Writers = 4,
        Threads = 2,
        PostEvery = TimeSpan.FromMilliseconds(250),
        SocketKillWaves = 1,
        SocketKillShare = 0.5,
        RedisOutage = TimeSpan.FromSeconds(3),
        Removals = 4,
        SettleWithin = TimeSpan.FromSeconds(45),
    };

    public const string Usage =
        "usage: dotnet run -c Release --project ForumApp.Chaos -- [--short] [--duration 60s|3m] [--clients 200] [--writers 20]\n" +
        "       [--threads 3] [--post-every 500ms] [--kill-waves 12] [--kill-share 0.2] [--restarts 1] [--redis-outage 10s]\n" +
        "       [--removals 20] [--seed N] [--no-catch-up] [--instances 2] [--postgres] [--db-restarts 1] [--db-down 3s]\n" +
        "       [--app <published or built ForumApp folder>]";

    /// <summary>Reads the command line; returns the options and the app folder if one was given.</summary>
    public static (ChaosOptions Options, string? AppFolder) Parse(string[] args)
    {
        var options = args.Contains("--short") ? Short : new ChaosOptions();
        string? app = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            options = args[i] switch
            {
                "--short" => options,
                "--duration" => options with { Duration = ParseTime(Next()) },
                "--clients" => options with { Clients = ParseCount(Next(), 1) },
                "--writers" => options with { Writers = ParseCount(Next(), 1) },
                "--threads" => options with { Threads = ParseCount(Next(), 1) },
                "--post-every" => options with { PostEvery = ParseTime(Next()) },
                "--kill-waves" => options with { SocketKillWaves = ParseCount(Next(), 0) },
                "--kill-share" => options with { SocketKillShare = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--restarts" => options with { InstanceRestarts = ParseCount(Next(), 0) },
                "--redis-outage" => options with { RedisOutage = ParseTime(Next()) },
                "--removals" => options with { Removals = ParseCount(Next(), 0) },
                "--seed" => options with { Seed = ParseCount(Next(), 0) },
                "--no-catch-up" => options with { CatchUp = false },
                "--instances" => options with { Instances = ParseCount(Next(), 1) },
                "--postgres" => options with { PostgreSql = true },
                "--db-restarts" => options with { DatabaseRestarts = ParseCount(Next(), 0) },
                "--db-down" => options with { DatabaseDownFor = ParseTime(Next()) },
                "--app" => Set(ref app, Path.GetFullPath(Next()), options),
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}"),
            };
        }

        return (options, app);
    }

    private static ChaosOptions Set(ref string? target, string value, ChaosOptions options)
    {
        target = value;
        return options;
    }

    private static int ParseCount(string text, int minimum)
    {
        var value = int.Parse(text, CultureInfo.InvariantCulture);
        return value >= minimum ? value : throw new ArgumentException($"{text}: at least {minimum}.");
    }

    /// <summary>"90s", "3m", "500ms" or plain seconds.</summary>
    private static TimeSpan ParseTime(string text)
    {
        static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(Number(text[..^2])),
            _ when text.EndsWith('s') => TimeSpan.FromSeconds(Number(text[..^1])),
            _ when text.EndsWith('m') => TimeSpan.FromMinutes(Number(text[..^1])),
            _ => TimeSpan.FromSeconds(Number(text)),
        };
    }
}
