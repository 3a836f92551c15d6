using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data;

public sealed class SqliteForumDbContext(DbContextOptions<SqliteForumDbContext> options) : ForumDbContext(options);

public sealed class SqlServerForumDbContext(DbContextOptions<SqlServerForumDbContext> options) : ForumDbContext(options);
