using ForumApp.Data;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>A real SQLite database file, migrated with the app's own migrations, deleted afterwards.</summary>
public sealed class SqliteTestDatabase : ITestDatabase
{
    private readonly DbContextOptions<SqliteForumDbContext> _options;

    private SqliteTestDatabase(string folder)
    {
        Folder = folder;
        FilePath = Path.Combine(folder, "forum.db");
        _options = new DbContextOptionsBuilder<SqliteForumDbContext>()
            .UseSqlite($"Data Source={FilePath}")
            .AddInterceptors(new SqlitePragmaInterceptor(5000))
            .Options;
    }

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string Folder { get; }
    public string FilePath { get; }

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var database = new SqliteTestDatabase(TestFolders.NewTempFolder("db"));
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
        return database;
    }

    public ForumDbContext CreateDbContext() => new SqliteForumDbContext(_options);

    public Task<ForumDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(CreateDbContext());

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestFolders.TryDelete(Folder);
        return ValueTask.CompletedTask;
    }
}
