using System.Reflection;
using ForumApp.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>A real, migrated database of one provider that the test owns and that goes away when disposed.</summary>
public interface ITestDatabase : IDbContextFactory<ForumDbContext>, IAsyncDisposable
{
    DatabaseProvider Provider { get; }
}

public static class TestDatabases
{
    public static async Task<ITestDatabase> CreateAsync(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => await SqliteTestDatabase.CreateAsync(),
        DatabaseProvider.PostgreSql => await PostgreSqlTestDatabase.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "No test database for this provider."),
    };
}

/// <summary>
/// A fresh database on the PostgreSQL server named by <c>FORUM_TEST_POSTGRES</c> (test.sh starts one), created with
/// the app's own migrations and dropped afterwards.
/// </summary>
public sealed class PostgreSqlTestDatabase : ITestDatabase
{
    public const string ServerVariable = "FORUM_TEST_POSTGRES";

    private readonly DbContextOptions<PostgreSqlForumDbContext> _options;

    private PostgreSqlTestDatabase(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
        _options = new DbContextOptionsBuilder<PostgreSqlForumDbContext>().UseNpgsql(ConnectionString).Options;
    }

    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The server's maintenance database; the message says what to do when the variable is missing.</summary>
    public static string ServerConnectionString => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            $"{ServerVariable} is not set, so the PostgreSQL tests have no server. Run ./test.sh (it starts one), or start "
            + $"PostgreSQL yourself and set {ServerVariable}=\"Host=127.0.0.1;Port=...;Username=...;Database=postgres\".");

    /// <summary>
    /// Why the PostgreSQL tests are skipped, or null when they run. On CI (CI set) they never skip: a missing server
    /// must fail the run rather than pass it quietly.
    /// </summary>
    public static string? SkipReason =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } || Environment.GetEnvironmentVariable("CI") is { Length: > 0 }
            ? null
            : $"No PostgreSQL server: {ServerVariable} is not set (./test.sh starts one and sets it).";

    public static async Task<PostgreSqlTestDatabase> CreateAsync()
    {
        var database = new PostgreSqlTestDatabase($"forum_{Guid.NewGuid():N}");
        await ExecuteOnServerAsync($"CREATE DATABASE \"{database.Name}\"");
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        return database;
    }

    public ForumDbContext CreateDbContext() => new PostgreSqlForumDbContext(_options);

    public Task<ForumDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(CreateDbContext());

    public async ValueTask DisposeAsync()
    {
        // Pooled connections would keep the database busy; FORCE ends any a test left open.
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A test class whose tests run on PostgreSQL: <see cref="ProviderFactAttribute"/> skips them without a server.</summary>
public interface IRunsOnPostgreSql;

/// <summary>One database per test class, on the provider the class runs on; tests in the class make their own rows.</summary>
public abstract class ProviderDatabaseFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private ITestDatabase? _database;

    public DatabaseProvider Provider { get; } = provider;

    public ITestDatabase Database => _database ?? throw new InvalidOperationException("The test database was not created.");

    public async Task InitializeAsync()
    {
        // Skipped tests need no database; without this check the fixture would fail the skipped class.
        if (Provider == DatabaseProvider.PostgreSql && PostgreSqlTestDatabase.SkipReason is not null)
        {
            return;
        }

        _database = await TestDatabases.CreateAsync(Provider);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqliteDatabaseFixture() : ProviderDatabaseFixture(DatabaseProvider.Sqlite);

public sealed class PostgreSqlDatabaseFixture() : ProviderDatabaseFixture(DatabaseProvider.PostgreSql);

/// <summary>A fact that is skipped, with the reason, in a <see cref="IRunsOnPostgreSql"/> class when there is no server.</summary>
[XunitTestCaseDiscoverer("ForumApp.Tests.TestInfrastructure.ProviderFactDiscoverer", "ForumApp.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProviderFactAttribute : FactAttribute;

public sealed class ProviderFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var runsOnPostgreSql = typeof(IRunsOnPostgreSql).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType());
        if (runsOnPostgreSql && PostgreSqlTestDatabase.SkipReason is { } reason)
        {
            return
            [
                new XunitSkippedDataRowTestCase(
                    DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason),
            ];
        }

        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
