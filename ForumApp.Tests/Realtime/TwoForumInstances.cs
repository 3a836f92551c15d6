
namespace ForumApp.Tests.Realtime;

/// <summary>
/// Two app instances on one SQLite database and one Redis, each on its own Kestrel port: what a load
/// balancer in front of two containers looks like, in one test process.
/// </summary>
public sealed class TwoForumInstances : IAsyncDisposable
{
    public const long SeedThreadId = 1;
    public const int SeedEventCount = 19;

    private TwoForumInstances(ForumAppFactory a, ForumAppFactory b)
    {
        AppA = a;
        AppB = b;
    }

    public ForumAppFactory AppA { get; }
    public ForumAppFactory AppB { get; }
    public Uri ServerA { get; private set; } = null!;
    public Uri ServerB { get; private set; } = null!;
    public ForumApiClient ApiA { get; private set; } = null!;
    public ForumApiClient ApiB { get; private set; } = null!;

    /// <param name="sequenceWatcherCheckEvery">
    /// How often each instance fills gaps from the database. Tests that must see Redis itself carry an
    /// event set this far beyond their own length, so the database safety net cannot stand in for it.
    /// </param>
    /// <param name="redis">The Redis the two share; without one, only the database connects them.</param>
    /// <param name="configureB">Anything instance B alone does differently (a service of its own).</param>
    public static async Task<TwoForumInstances> StartAsync(
        RedisServer? redis, TimeSpan sequenceWatcherCheckEvery, Action<ForumAppFactory>? configureB = null)
    {
        ForumAppFactory Configure(ForumAppFactory app)
        {
            app.WithHighLimits()
                .WithFastRealtime()
                .WithSetting("Forum:SequenceWatcher:CheckEvery", sequenceWatcherCheckEvery.ToString("c"));
            return redis is null ? app : app.WithSetting("Redis:Configuration", redis.Configuration);
        }

        var a = Configure(new ForumAppFactory());
        var b = Configure(new ForumAppFactory(a.DataFolder));
        configureB?.Invoke(b);
        var instances = new TwoForumInstances(a, b);
        try
        {
            // One after the other: the first migrates and imports the seed, the second finds it done.
            instances.ServerA = await Task.Run(a.StartOnKestrel);
            instances.ServerB = await Task.Run(b.StartOnKestrel);
            instances.ApiA = a.CreateApiClient();
            instances.ApiB = b.CreateApiClient();
            return instances;
        }
        catch
        {
            await instances.DisposeAsync();
            throw;
        }
    }

    public Task<ThreadsHubClient> ConnectToAAsync(ApiMember? member = null) => AppA.ConnectHubAsync(member);

    public Task<ThreadsHubClient> ConnectToBAsync(ApiMember? member = null) => AppB.ConnectHubAsync(member);

    /// <summary>An anonymous viewer on A with the seed thread open, caught up to its last seeded event.</summary>
    public Task<ThreadsHubClient> ViewSeedThreadOnAAsync() => ViewSeedThreadAsync(AppA);

    /// <summary>An anonymous viewer on B with the seed thread open, caught up to its last seeded event.</summary>
    public Task<ThreadsHubClient> ViewSeedThreadOnBAsync() => ViewSeedThreadAsync(AppB);

    private static async Task<ThreadsHubClient> ViewSeedThreadAsync(ForumAppFactory app)
    {
        var viewer = await app.ConnectHubAsync();
        try
        {
            await viewer.JoinThreadAsync(SeedThreadId, SeedEventCount);
            return viewer;
        }
        catch
        {
            await viewer.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ApiA?.Dispose();
        ApiB?.Dispose();
        try
        {
            await AppB.DisposeAsync();
        }
        finally
        {
            // A made the data folder the two share, and deletes it.
            await AppA.DisposeAsync();
        }
    }
}
