using ForumApp.Tests.TestInfrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Data;

/// <summary>The per-connection settings hold on every open, also when the pool hands back a connection it kept.</summary>
public sealed class SqliteConnectionSettingsTests : IAsyncLifetime
{
    private SqliteTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await SqliteTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AReusedPooledConnectionKeepsForeignKeysSynchronousAndBusyTimeout()
    {
        // Other test classes clear every SQLite pool when they finish, which can close the kept connection
        // between the two opens; a few tries make sure the case under test (a reused connection) is reached.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            object firstHandle;
            await using (var first = _database.CreateDbContext())
            {
                await first.Database.OpenConnectionAsync();
                firstHandle = ((SqliteConnection)first.Database.GetDbConnection()).Handle!;
                Assert.Equal((1L, 1L, 5000L), await SettingsAsync(first));
            }

            await using var second = _database.CreateDbContext();
            await second.Database.OpenConnectionAsync();
            Assert.Equal((1L, 1L, 5000L), await SettingsAsync(second));
            if (ReferenceEquals(firstHandle, ((SqliteConnection)second.Database.GetDbConnection()).Handle))
            {
                return;
            }
        }

        Assert.Fail("The pool never handed back the connection it kept, so its settings on reuse were not checked.");
    }

    private static async Task<(long ForeignKeys, long Synchronous, long BusyTimeout)> SettingsAsync(ForumApp.Data.ForumDbContext db) => (
        await db.Database.SqlQueryRaw<long>("SELECT foreign_keys AS Value FROM pragma_foreign_keys").SingleAsync(),
        await db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync(),
        await db.Database.SqlQueryRaw<long>("SELECT timeout AS Value FROM pragma_busy_timeout").SingleAsync());
}
