using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data;

public sealed class SqliteForumDbContext(DbContextOptions<SqliteForumDbContext> options) : ForumDbContext(options);

public sealed class SqlServerForumDbContext(DbContextOptions<SqlServerForumDbContext> options) : ForumDbContext(options);

public sealed class PostgreSqlForumDbContext(DbContextOptions<PostgreSqlForumDbContext> options) : ForumDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // The shared filter quotes with brackets, which SQLite and SQL Server read and PostgreSQL does not.
        builder.Entity<Comment>()
            .HasIndex(c => new { c.AuthorId, c.ClientRequestId })
            .HasFilter("\"ClientRequestId\" IS NOT NULL");
    }
}
