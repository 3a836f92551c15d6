using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ForumApp.Tests.Data;

/// <summary>
/// The model and both migration sets, checked without a server. SQL Server cannot run here, so the
/// rules it would enforce when the migration runs are checked on the model instead.
/// </summary>
public sealed class ModelTests
{
    private static SqliteForumDbContext CreateSqliteContext() =>
        new(new DbContextOptionsBuilder<SqliteForumDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static SqlServerForumDbContext CreateSqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerForumDbContext>()
            .UseSqlServer("Server=none;Database=x;TrustServerCertificate=True")
            .Options);

    [Fact]
    public void SqliteMigrationsMatchTheModel()
    {
        using var db = CreateSqliteContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed since the last SQLite migration: add one.");
    }

    [Fact]
    public void SqlServerMigrationsMatchTheModel()
    {
        using var db = CreateSqlServerContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed since the last SQL Server migration: add one.");
    }

    private static PostgreSqlForumDbContext CreatePostgreSqlContext() =>
        new(new DbContextOptionsBuilder<PostgreSqlForumDbContext>().UseNpgsql("Host=none;Database=x;Username=x").Options);

    [Fact]
    public void PostgreSqlMigrationsMatchTheModel()
    {
        using var db = CreatePostgreSqlContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed since the last PostgreSQL migration: add one.");
    }

    [Fact]
    public void PostgreSqlScriptQuotesTheRequestIdFilterItsOwnWay()
    {
        using var db = CreatePostgreSqlContext();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE \"Comments\"", script, StringComparison.Ordinal);
        Assert.Contains("WHERE \"ClientRequestId\" IS NOT NULL", script, StringComparison.Ordinal);
        Assert.DoesNotContain("[ClientRequestId]", script, StringComparison.Ordinal);
    }

    [Fact]
    public void BothProvidersHaveTheSameMigrations()
    {
        using var sqlite = CreateSqliteContext();
        using var sqlServer = CreateSqlServerContext();

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_') + 1)..]);

        Assert.NotEmpty(Names(sqlite));
        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    [Fact]
    public void SqlServerModelHasNoCascadeCycleOrMultipleCascadePaths()
    {
        using var db = CreateSqlServerContext();

        var model = db.GetService<IDesignTimeModel>().Model;

        // The check sees the cascades the model really has (so an empty result means something).
        Assert.Contains("Threads -[FK_Comments_Threads_ThreadId]-> Comments", SqlServerCascadeRules.DescribeCascades(model));
        var problems = SqlServerCascadeRules.FindProblems(model);
        Assert.True(problems.Count == 0, "SQL Server would refuse these foreign keys:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void CascadeCheckCatchesASelfReferencingCascade()
    {
        using var db = new SelfCascadingContext();

        var problems = SqlServerCascadeRules.FindProblems(db.GetService<IDesignTimeModel>().Model);

        var problem = Assert.Single(problems);
        Assert.Contains("cycle", problem, StringComparison.Ordinal);
        Assert.Contains("Nodes -[FK_Nodes_Nodes_ParentId]-> Nodes", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CascadeCheckCatchesACycleThroughTwoTables()
    {
        using var db = new TwoTableCycleContext();

        var problems = SqlServerCascadeRules.FindProblems(db.GetService<IDesignTimeModel>().Model);

        Assert.Contains(problems, p => p.Contains("cycle", StringComparison.Ordinal)
            && p.Contains("Owners", StringComparison.Ordinal)
            && p.Contains("Pets", StringComparison.Ordinal));
    }

    [Fact]
    public void CascadeCheckCatchesTwoCascadePathsToOneTable()
    {
        using var db = new TwoPathsContext();

        var problems = SqlServerCascadeRules.FindProblems(db.GetService<IDesignTimeModel>().Model);

        var problem = Assert.Single(problems);
        Assert.Contains("Members -[FK_Posts_Members_AuthorId]-> Posts", problem, StringComparison.Ordinal);
        Assert.Contains("Members -[FK_Topics_Members_StarterId]-> Topics -[FK_Posts_Topics_TopicId]-> Posts", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CascadeCheckAcceptsTheSameShapeWithoutTheSecondCascade()
    {
        using var db = new TwoPathsContext(authorDelete: DeleteBehavior.NoAction);

        Assert.Empty(SqlServerCascadeRules.FindProblems(db.GetService<IDesignTimeModel>().Model));
    }

    [Fact]
    public void IdempotentSqlServerScriptGenerates()
    {
        using var db = CreateSqlServerContext();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.False(string.IsNullOrWhiteSpace(script));
        Assert.Contains("CREATE TABLE [Comments]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [Threads]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [ThreadEvents]", script, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SqliteMigrationsCreateEveryTableOfTheModelOnAFreshFile()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());

        await using var connection = new SqliteConnection($"Data Source={database.FilePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var modelTables = db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables.Select(t => t.Name).ToList();
        Assert.Contains("Comments", modelTables);
        var missing = modelTables.Where(t => !tables.Contains(t)).ToList();
        Assert.True(missing.Count == 0, $"Missing tables: {string.Join(", ", missing)}");
        Assert.Contains("__EFMigrationsHistory", tables);
    }

    /// <summary>
    /// SQL Server refuses a foreign key with a referential action (CASCADE, SET NULL, SET DEFAULT) when the
    /// actions form a cycle or reach one table from another along two different paths (error 1785).
    /// </summary>
    private static class SqlServerCascadeRules
    {
        private sealed record Edge(string From, string To, string Name)
        {
            public override string ToString() => $"-[{Name}]-> {To}";
        }

        public static IReadOnlyList<string> DescribeCascades(IModel model) =>
            CascadeEdges(model).Select(edge => Describe([edge])).ToList();

        public static IReadOnlyList<string> FindProblems(IModel model)
        {
            var edges = CascadeEdges(model);
            var outgoing = edges.ToLookup(e => e.From);
            var tables = edges.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal).ToList();

            var problems = new List<string>();
            var reportedCycles = new HashSet<string>(StringComparer.Ordinal);
            foreach (var start in tables)
            {
                var firstPathTo = new Dictionary<string, List<Edge>>(StringComparer.Ordinal);
                var reportedTargets = new HashSet<string>(StringComparer.Ordinal);
                Walk(start, []);

                void Walk(string table, List<Edge> path)
                {
                    foreach (var edge in outgoing[table])
                    {
                        var extended = path.Append(edge).ToList();
                        if (edge.To == start || path.Any(e => e.To == edge.To))
                        {
                            // Each cycle is found once from every table on it; report it from one of them.
                            var cycle = extended.SkipWhile(e => e.From != edge.To).ToList();
                            var key = string.Join(",", cycle.Select(e => e.Name).Order(StringComparer.Ordinal));
                            if (reportedCycles.Add(key))
                            {
                                problems.Add($"cascade cycle: {Describe(cycle)}");
                            }

                            continue;
                        }

                        if (firstPathTo.TryGetValue(edge.To, out var earlier))
                        {
                            if (reportedTargets.Add(edge.To))
                            {
                                problems.Add(
                                    $"{edge.To} is reached from {start} by two cascade paths: {Describe(earlier)} and {Describe(extended)}");
                            }

                            continue;
                        }

                        firstPathTo[edge.To] = extended;
                        Walk(edge.To, extended);
                    }
                }
            }

            return problems;
        }

        // The relational model holds the constraints exactly as migrations create them
        // (for example ClientCascade becomes NO ACTION in the database).
        private static List<Edge> CascadeEdges(IModel model) => model.GetRelationalModel().Tables
            .SelectMany(table => table.ForeignKeyConstraints)
            .Where(fk => fk.OnDeleteAction is ReferentialAction.Cascade or ReferentialAction.SetNull or ReferentialAction.SetDefault)
            .Select(fk => new Edge(TableName(fk.PrincipalTable), TableName(fk.Table), fk.Name))
            .ToList();

        private static string Describe(IReadOnlyList<Edge> path) => $"{path[0].From} {string.Join(" ", path)}";

        private static string TableName(ITable table) => table.Schema is null ? table.Name : $"{table.Schema}.{table.Name}";
    }

    // Deliberately bad models, to prove the check above can fail.
    private abstract class ThrowawaySqlServerContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
            optionsBuilder.UseSqlServer("Server=none;Database=x;TrustServerCertificate=True");
    }

    private sealed class Node
    {
        public long Id { get; set; }
        public long? ParentId { get; set; }
        public Node? Parent { get; set; }
    }

    private sealed class SelfCascadingContext : ThrowawaySqlServerContext
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Node>(node =>
            {
                node.ToTable("Nodes");
                node.HasOne(n => n.Parent).WithMany().HasForeignKey(n => n.ParentId).OnDelete(DeleteBehavior.Cascade);
            });
    }

    private sealed class Owner
    {
        public long Id { get; set; }
        public long? FavouritePetId { get; set; }
    }

    private sealed class Pet
    {
        public long Id { get; set; }
        public long OwnerId { get; set; }
    }

    private sealed class TwoTableCycleContext : ThrowawaySqlServerContext
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Owner>().ToTable("Owners");
            modelBuilder.Entity<Pet>().ToTable("Pets");
            modelBuilder.Entity<Pet>().HasOne<Owner>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Cascade);
            modelBuilder.Entity<Owner>().HasOne<Pet>().WithMany().HasForeignKey(o => o.FavouritePetId).OnDelete(DeleteBehavior.SetNull);
        }
    }

    private sealed class Member
    {
        public long Id { get; set; }
    }

    private sealed class Topic
    {
        public long Id { get; set; }
        public long StarterId { get; set; }
    }

    private sealed class Post
    {
        public long Id { get; set; }
        public long TopicId { get; set; }
        public long AuthorId { get; set; }
    }

    /// <summary>The classic trap: post → member directly, and post → topic → member.</summary>
    private sealed class TwoPathsContext(DeleteBehavior authorDelete = DeleteBehavior.Cascade) : ThrowawaySqlServerContext
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Member>().ToTable("Members");
            modelBuilder.Entity<Topic>().ToTable("Topics");
            modelBuilder.Entity<Post>().ToTable("Posts");
            modelBuilder.Entity<Topic>().HasOne<Member>().WithMany().HasForeignKey(t => t.StarterId).OnDelete(DeleteBehavior.Cascade);
            modelBuilder.Entity<Post>().HasOne<Topic>().WithMany().HasForeignKey(p => p.TopicId).OnDelete(DeleteBehavior.Cascade);
            modelBuilder.Entity<Post>().HasOne<Member>().WithMany().HasForeignKey(p => p.AuthorId).OnDelete(authorDelete);
        }

        // The delete behaviour changes the model, so each variant needs its own cached model.
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        {
            base.OnConfiguring(optionsBuilder);
            optionsBuilder.ReplaceService<IModelCacheKeyFactory, DeleteBehaviorCacheKeyFactory>();
        }

        public DeleteBehavior AuthorDelete => authorDelete;
    }

    private sealed class DeleteBehaviorCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), (context as TwoPathsContext)?.AuthorDelete, designTime);
    }
}
