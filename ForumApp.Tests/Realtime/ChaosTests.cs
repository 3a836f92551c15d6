using ForumApp.Chaos;
using ForumApp.Chaos.Hosting;
using ForumApp.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace ForumApp.Tests.Realtime;

/// <summary>
/// The chaos run at small scale: two app processes on one SQLite file with a real redis-server, hub
/// clients on both, writers retrying through the API, a wave of client socket kills, one instance killed
/// and started again, Redis stopped for a few seconds and moderators removing comments. Every client's
/// view, built only from the events it received (live or by catch-up), must equal the stored threads.
/// </summary>
[Collection(AppProcessCollection.Name)]
public sealed class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryClientsViewEqualsTheStoredThreadsAfterSocketKillsAnInstanceKillARedisOutageAndRemovals()
    {
        var work = TestFolders.NewTempFolder("chaos");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            var options = ChaosOptions.Short with { Duration = TimeSpan.FromSeconds(15), Seed = 20261128 };
            await using var cluster = await ChaosCluster.StartAsync(BuiltApp.Folder, work, options, timeout.Token);

            var report = await ChaosEngine.RunAsync(cluster, options, Say, timeout.Token);

            output.WriteLine(report.Table());
            Assert.False(report.Failed, $"The chaos run lost, doubled or left stale comments:\n{report.Table()}");

            // A pass only counts if every fault really happened under load.
            Assert.True(report.PostsAcked >= 20, $"Too few posts to mean anything:\n{report.Table()}");
            Assert.True(report.SocketKills > 0, "No client socket was killed.");
            Assert.True(report.EventsCaughtUp > 0, "No client caught up after losing its connection.");
            Assert.Equal(1, report.InstanceRestarts);
            Assert.True(report.RedisOutage >= TimeSpan.FromSeconds(3), "Redis was not stopped.");
            Assert.True(report.Removals > 0, "No comment was removed.");
        }
        finally
        {
            TestFolders.TryDelete(work);
        }
    }

    private void Say(string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // A progress line after the test ended has nowhere to go.
        }
    }
}

/// <summary>
/// The same chaos on a database server, where nothing but the database orders the writers: three app
/// processes on a private PostgreSQL and a real redis-server, with the database server itself stopped at
/// once (every connection cut) and started again under load, besides the instance kill and the Redis outage.
/// </summary>
[Collection(AppProcessCollection.Name)]
public sealed class PostgreSqlChaosTests(ITestOutputHelper output) : IRunsOnPostgreSql
{
    [ProviderFact]
    public async Task ThreeInstancesOnPostgreSqlLoseAndDoubleNothingThroughADatabaseRestartAnInstanceKillAndARedisOutage()
    {
        var work = TestFolders.NewTempFolder("chaos-pg");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            var options = ChaosOptions.Short with
            {
                Duration = TimeSpan.FromSeconds(18),
                Seed = 20261204,
                Instances = 3,
                Writers = 6,
                PostgreSql = true,
                DatabaseRestarts = 1,
                DatabaseDownFor = TimeSpan.FromSeconds(2),
            };
            await using var cluster = await ChaosCluster.StartAsync(BuiltApp.Folder, work, options, timeout.Token);

            var report = await ChaosEngine.RunAsync(cluster, options, Say, timeout.Token);

            output.WriteLine(report.Table());
            Assert.False(report.Failed, $"The chaos run on PostgreSQL lost, doubled or left stale comments:\n{report.Table()}");
            Assert.Equal(3, report.Instances);
            Assert.Equal(0, report.CommitOrderViolations);
            Assert.StartsWith("PostgreSQL", report.Database, StringComparison.Ordinal);
            Assert.True(report.PostsAcked >= 20, $"Too few posts to mean anything:\n{report.Table()}");
            Assert.Equal(1, report.DatabaseRestarts);
            Assert.Equal(1, report.InstanceRestarts);
            Assert.True(report.EventsCaughtUp > 0, "No client caught up after losing its connection.");
            Assert.True(report.RedisOutage >= TimeSpan.FromSeconds(3), "Redis was not stopped.");
        }
        finally
        {
            TestFolders.TryDelete(work);
        }
    }

    private void Say(string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // A progress line after the test ended has nowhere to go.
        }
    }
}
