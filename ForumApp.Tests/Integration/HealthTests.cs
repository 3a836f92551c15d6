using System.Net;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.Data.Sqlite;

namespace ForumApp.Tests.Integration;

/// <summary>/healthz answers from a real query, so it reports a database that cannot be read.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task HealthyWhenTheDatabaseAnswers()
    {
        await using var app = new ForumAppFactory();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        TestFolders.TryDelete(app.DataFolder);
    }

    [Fact]
    public async Task UnhealthyWhileTheDatabaseIsLockedAndHealthyAgainOnceReleased()
    {
        await using var app = new ForumAppFactory();
        var databasePath = Path.Combine(app.DataFolder, "forum.db");

        // Microsoft.Data.Sqlite retries a locked database until the command timeout (30 s unless the
        // connection string says otherwise), so the blocked health query is bounded here to stay fast.
        var connectionString = $"Data Source={databasePath};Default Timeout=1";
        app.WithSetting("ConnectionStrings:Forum", connectionString)
            .WithSetting("Database:BusyTimeoutMilliseconds", "50");
        using var client = app.CreateClient();
        using (var before = await client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // Idle pooled connections keep the WAL index open, which would stop the lock below from being taken.
        using (var pooled = new SqliteConnection(connectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        await using (var holder = new SqliteConnection($"Data Source={databasePath};Pooling=False;Default Timeout=5"))
        {
            await holder.OpenAsync();
            await ExecuteAsync(holder, "PRAGMA locking_mode = EXCLUSIVE;");
            await ExecuteAsync(holder, "BEGIN EXCLUSIVE;");
            await ExecuteAsync(holder, "UPDATE Threads SET Locked = Locked;");

            using var locked = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);

            await ExecuteAsync(holder, "ROLLBACK;");
        }

        // The probe given up on while the lock was held may still be finishing its own write-lock attempt,
        // so the first probe after the release can meet it: recovery is waited for, not assumed instant.
        await Eventually.True(
            async () =>
            {
                using var after = await client.GetAsync("/healthz");
                return after.StatusCode == HttpStatusCode.OK;
            },
            "/healthz answers 200 again once the lock is released");
        TestFolders.TryDelete(app.DataFolder);
    }

    [Fact]
    public async Task UnhealthyWhileAnotherProcessHoldsTheWriteLockThoughReadsStillAnswer()
    {
        await using var app = new ForumAppFactory();
        app.WithSetting("Database:ProbeBusyTimeoutMilliseconds", "100");
        using var client = app.CreateClient();
        using (var before = await client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await using (await DatabaseLockHolder.TakeAsync(Path.Combine(app.DataFolder, "forum.db")))
        {
            using var read = await client.GetAsync("/api/threads");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);

            using var locked = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        }

        await Eventually.True(
            async () =>
            {
                using var after = await client.GetAsync("/healthz");
                return after.StatusCode == HttpStatusCode.OK;
            },
            "/healthz answers 200 again once the other process lets go of the write lock");
        TestFolders.TryDelete(app.DataFolder);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
