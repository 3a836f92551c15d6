using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ForumApp.Data;

public static class ForumDataSetup
{
    public static WebApplicationBuilder AddForumData(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var databaseSection = builder.Configuration.GetSection("Database");
        var forumSection = builder.Configuration.GetSection("Forum");
        services.Configure<DatabaseOptions>(databaseSection);
        services.Configure<ForumOptions>(forumSection);

        var database = databaseSection.Get<DatabaseOptions>() ?? new DatabaseOptions();
        var forum = forumSection.Get<ForumOptions>() ?? new ForumOptions();
        var configuredConnectionString = builder.Configuration.GetConnectionString("Forum");

        // Pooled: every operation takes a context of its own, and building one from scratch resolves a few dozen
        // scoped EF services (translators, the change tracker, the command builder) each time; a pooled context
        // keeps them and is reset (tracked entities, transaction, timeout, savepoint setting) when it goes back.
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                var connectionString = string.IsNullOrWhiteSpace(configuredConnectionString)
                    ? $"Data Source={Path.Combine(ResolveDataFolder(builder.Environment, forum), "forum.db")}"
                    : configuredConnectionString;
                var pragmas = new SqlitePragmaInterceptor(database.BusyTimeoutMilliseconds);
                // Microsoft.Data.Sqlite retries a locked database until the command timeout, so that timeout
                // (not only the busy_timeout pragma) bounds how long anyone waits for another writer.
                var commandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(database.BusyTimeoutMilliseconds / 1000.0));
                // Pooled: a context's own services are set up once, not on every operation (a fifth of a page's
                // database time went there). The contexts hold no state of their own, and EF resets its own.
                services.AddPooledDbContextFactory<SqliteForumDbContext>(options => options
                    .UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(commandTimeoutSeconds))
                    .AddInterceptors(pragmas));
                services.AddSingleton<IDbContextFactory<ForumDbContext>, ForumDbContextFactory<SqliteForumDbContext>>();
                break;

            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(configuredConnectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is SqlServer but ConnectionStrings:Forum is not set.");
                }

                services.AddPooledDbContextFactory<SqlServerForumDbContext>(options => options.UseSqlServer(configuredConnectionString));
                services.AddSingleton<IDbContextFactory<ForumDbContext>, ForumDbContextFactory<SqlServerForumDbContext>>();
                break;

            case DatabaseProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(configuredConnectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is PostgreSql but ConnectionStrings:Forum is not set.");
                }

                services.AddPooledDbContextFactory<PostgreSqlForumDbContext>(options => options.UseNpgsql(PostgreSqlConnections.Tuned(configuredConnectionString)));
                services.AddSingleton<IDbContextFactory<ForumDbContext>, ForumDbContextFactory<PostgreSqlForumDbContext>>();
                break;

            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{database.Provider}'.");
        }

        // Identity's stores and the data-protection key ring resolve a scoped context.
        services.AddScoped<ForumDbContext>(sp => sp.GetRequiredService<IDbContextFactory<ForumDbContext>>().CreateDbContext());

        // Keys in the database: cookies and tokens survive restarts and are shared by every instance.
        services.AddDataProtection()
            .SetApplicationName("ForumApp")
            .PersistKeysToDbContext<ForumDbContext>();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", timeout: TimeSpan.FromSeconds(3));
        services.AddSingleton<DatabaseAvailability>();
        services.AddHostedService<DatabaseAvailabilityMonitor>();
        return builder;
    }

    /// <summary>Brings the schema up to date with the provider's own migration set (never EnsureCreated).</summary>
    public static async Task MigrateForumDatabaseAsync(this WebApplication app)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<ForumDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        if (db.Database.IsSqlite())
        {
            var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await db.Database.MigrateAsync();

        if (db.Database.IsSqlite())
        {
            // WAL is a property of the database file, so setting it once is enough.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
        }
    }

    public static string ResolveDataFolder(IHostEnvironment environment, ForumOptions options)
    {
        var folder = Path.IsPathRooted(options.DataFolder)
            ? options.DataFolder
            : Path.Combine(environment.ContentRootPath, options.DataFolder);
        return Path.GetFullPath(folder);
    }

    public static string ResolveDataFolder(this IServiceProvider services)
        => ResolveDataFolder(services.GetRequiredService<IHostEnvironment>(), services.GetRequiredService<IOptions<ForumOptions>>().Value);
}

/// <summary>Lets services ask for the provider-neutral context whichever provider is configured.</summary>
internal sealed class ForumDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ForumDbContext>
    where TContext : ForumDbContext
{
    public ForumDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<ForumDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        => await inner.CreateDbContextAsync(cancellationToken);
}
