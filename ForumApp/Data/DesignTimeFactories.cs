using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ForumApp.Data;

/// <summary>Used by `dotnet ef` to build the SQLite migration set; never at run time.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteForumDbContext>
{
    public SqliteForumDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteForumDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Used by `dotnet ef` to build the SQL Server migration set; no server is contacted.</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerForumDbContext>
{
    public SqlServerForumDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerForumDbContext>()
            .UseSqlServer("Server=localhost;Database=Forum;Trusted_Connection=True;TrustServerCertificate=True")
            .Options);
}

/// <summary>Used by `dotnet ef` to build the PostgreSQL migration set; no server is contacted.</summary>
public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlForumDbContext>
{
    public PostgreSqlForumDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlForumDbContext>()
            .UseNpgsql("Host=localhost;Database=forum;Username=forum")
            .Options);
}
