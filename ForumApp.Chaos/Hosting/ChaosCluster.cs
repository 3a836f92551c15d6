using ForumApp.Benchmarks.Hosting;

namespace ForumApp.Chaos.Hosting;

/// <summary>
/// App instances on one database (a SQLite file, or a private PostgreSQL server) with a real redis-server
/// between them, all on 127.0.0.1, each process stopped on disposal. The moderator's email is an admin email
/// in the configuration.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    public const string ModeratorName = "chaosmoderator";

    /// <summary>ForumClient registers members as &lt;display name&gt;@bench.example.</summary>
    public const string ModeratorEmail = ModeratorName + "@bench.example";

    private readonly RedisServer _redis;
    private readonly PostgresServer? _database;

    private ChaosCluster(RedisServer redis, PostgresServer? database, IReadOnlyList<AppInstance> instances)
    {
        _redis = redis;
        _database = database;
        Instances = instances;
    }

    public IReadOnlyList<AppInstance> Instances { get; }

    public IReadOnlyList<Uri> Servers => Instances.Select(i => i.BaseUrl).ToList();

    public bool RedisRunning { get; private set; } = true;

    /// <summary>"one SQLite file" or "PostgreSQL on 127.0.0.1:port", for the report.</summary>
    public string DatabaseDescription => _database is null ? "one SQLite file" : $"PostgreSQL on 127.0.0.1:{_database.Port}";

    public bool CanRestartDatabase => _database is not null;

    /// <summary>The database server's connection string, or null on SQLite (where one file lock orders every commit).</summary>
    public string? DatabaseConnectionString { get; private init; }

    public static async Task<ChaosCluster> StartAsync(string appFolder, string workFolder, ChaosOptions options, CancellationToken ct)
    {
        var redis = await RedisServer.StartAsync(Path.Combine(workFolder, "redis"), ct);
        PostgresServer? database = null;
        var instances = new List<AppInstance>();
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Redis__Configuration"] = redis.Configuration,
                ["Forum__AdminEmails__0"] = ModeratorEmail,
            };
            if (options.PostgreSql)
            {
                // A folder of its own under the temp root: the postgres user must be able to reach it.
                database = await PostgresServer.StartAsync(Path.Combine(Path.GetTempPath(), $"forumapp-chaos-pg-{Guid.NewGuid():N}"), ct);
                settings["Database__Provider"] = "PostgreSql";
                settings["ConnectionStrings__Forum"] = database.ConnectionString("forum_chaos");
            }

            var dataFolder = Path.Combine(workFolder, "data");
            var logs = Path.Combine(workFolder, "logs");

            // One after the other: the first migrates the fresh database, the others find it current.
            for (var i = 0; i < options.Instances; i++)
            {
                instances.Add(await AppInstance.StartAsync(appFolder, $"chaos-{(char)('a' + i)}", dataFolder, logs, settings, ct));
            }

            return new ChaosCluster(redis, database, instances)
            {
                DatabaseConnectionString = database?.ConnectionString("forum_chaos"),
            };
        }
        catch
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            await redis.DisposeAsync();
            if (database is not null)
            {
                await database.DisposeAsync();
            }

            throw;
        }
    }

    public async Task StopRedisAsync()
    {
        RedisRunning = false;
        await _redis.StopAsync();
    }

    public async Task StartRedisAsync(CancellationToken ct)
    {
        await _redis.StartAgainAsync(ct);
        RedisRunning = true;
    }

    /// <summary>Cuts every connection to the database server and keeps it down for <paramref name="downFor"/>.</summary>
    public async Task RestartDatabaseAsync(TimeSpan downFor, CancellationToken ct)
    {
        if (_database is null)
        {
            throw new InvalidOperationException("Only a database server can be restarted.");
        }

        await _database.StopAsync(ct);
        await Task.Delay(downFor, ct);
        await _database.StartAgainAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }

        await _redis.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
