using ForumApp.Benchmarks.Hosting;

namespace ForumApp.Chaos.Hosting;

/// <summary>
/// Two app instances on one SQLite file with a real redis-server between them, all on 127.0.0.1, each
/// process stopped on disposal. The moderator's email is an admin email in the configuration.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    public const string ModeratorName = "chaosmoderator";

    /// <summary>ForumClient registers members as &lt;display name&gt;@bench.example.</summary>
    public const string ModeratorEmail = ModeratorName + "@bench.example";

    private readonly RedisServer _redis;

    private ChaosCluster(RedisServer redis, IReadOnlyList<AppInstance> instances)
    {
        _redis = redis;
        Instances = instances;
    }

    public IReadOnlyList<AppInstance> Instances { get; }

    public IReadOnlyList<Uri> Servers => Instances.Select(i => i.BaseUrl).ToList();

    public bool RedisRunning { get; private set; } = true;

    public static async Task<ChaosCluster> StartAsync(string appFolder, string workFolder, CancellationToken ct)
    {
        var redis = await RedisServer.StartAsync(Path.Combine(workFolder, "redis"), ct);
        var instances = new List<AppInstance>();
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Redis__Configuration"] = redis.Configuration,
                ["Forum__AdminEmails__0"] = ModeratorEmail,
            };
            var dataFolder = Path.Combine(workFolder, "data");
            var logs = Path.Combine(workFolder, "logs");

            // One after the other: the first migrates the fresh database, the second finds it current.
            instances.Add(await AppInstance.StartAsync(appFolder, "chaos-a", dataFolder, logs, settings, ct));
            instances.Add(await AppInstance.StartAsync(appFolder, "chaos-b", dataFolder, logs, settings, ct));
            return new ChaosCluster(redis, instances);
        }
        catch
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            await redis.DisposeAsync();
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

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }
}
