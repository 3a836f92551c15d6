using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForumApp.Tests.Data;

/// <summary>The availability check on a real SQLite file held by another connection.</summary>
public sealed class DatabaseAvailabilityTests : IAsyncLifetime
{
    private SqliteTestDatabase _database = null!;
    private DatabaseAvailability _availability = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        _availability = Create(_database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AnotherConnectionHoldingTheWriteLockMakesItUnavailableUntilReleased()
    {
        var changes = new List<bool>();
        using var subscription = _availability.Subscribe(changes.Add);
        Assert.True(await _availability.ProbeAsync());

        await using (await DatabaseLockHolder.TakeAsync(_database.FilePath))
        {
            Assert.False(await _availability.ProbeAsync());
            Assert.False(_availability.IsAvailable);
        }

        Assert.True(await _availability.ProbeAsync());
        Assert.True(_availability.IsAvailable);
        Assert.Equal([false, true], changes);
    }

    [Fact]
    public async Task AnExclusiveLockThatKeepsReadersOutMakesItUnavailableToo()
    {
        await using (await DatabaseLockHolder.TakeAsync(_database.FilePath, readersToo: true))
        {
            Assert.False(await _availability.ProbeAsync());
        }

        Assert.True(await _availability.ProbeAsync());
    }

    [Fact]
    public async Task ADatabaseFileThatCannotBeOpenedIsUnavailable()
    {
        var missingFolder = Path.Combine(_database.Folder, "gone", "forum.db");
        var options = new DbContextOptionsBuilder<SqliteForumDbContext>()
            .UseSqlite($"Data Source={missingFolder};Mode=ReadWrite")
            .Options;
        var availability = Create(new FixedFactory(options));

        Assert.False(await availability.ProbeAsync());
        Assert.False(availability.IsAvailable);
    }

    [Fact]
    public async Task SubscribersStopHearingOnceDisposed()
    {
        var changes = new List<bool>();
        _availability.Subscribe(changes.Add).Dispose();

        await using (await DatabaseLockHolder.TakeAsync(_database.FilePath))
        {
            await _availability.ProbeAsync();
        }

        Assert.Empty(changes);
    }

    [Fact]
    public void LockedBusyAndUnopenableCountAsUnavailableButAConstraintDoesNot()
    {
        Assert.True(DatabaseAvailability.IsUnavailableError(new SqliteException("database is locked", 5)));
        Assert.True(DatabaseAvailability.IsUnavailableError(new DbUpdateException("save failed", new SqliteException("database table is locked", 6))));
        Assert.True(DatabaseAvailability.IsUnavailableError(new SqliteException("unable to open database file", 14)));
        Assert.False(DatabaseAvailability.IsUnavailableError(new DbUpdateException("save failed", new SqliteException("UNIQUE constraint failed", 19))));
        Assert.False(DatabaseAvailability.IsUnavailableError(new InvalidOperationException("a bug")));
    }

    private static DatabaseAvailability Create(IDbContextFactory<ForumDbContext> factory) => new(
        factory,
        Options.Create(new DatabaseOptions { ProbeBusyTimeoutMilliseconds = 200 }),
        NullLogger<DatabaseAvailability>.Instance);

    private sealed class FixedFactory(DbContextOptions<SqliteForumDbContext> options) : IDbContextFactory<ForumDbContext>
    {
        public ForumDbContext CreateDbContext() => new SqliteForumDbContext(options);
    }
}
