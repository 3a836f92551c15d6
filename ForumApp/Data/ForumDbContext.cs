using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data;

/// <summary>
/// The one model of the forum. Each database provider has a subclass of its own so that each
/// keeps its own migration set (see <see cref="SqliteForumDbContext"/>, <see cref="SqlServerForumDbContext"/> and <see cref="PostgreSqlForumDbContext"/>).
/// </summary>
public abstract class ForumDbContext(DbContextOptions options)
    : IdentityDbContext<ForumUser, IdentityRole<long>, long>(options), IDataProtectionKeyContext
{
    public DbSet<ForumThread> Threads => Set<ForumThread>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<CommentRevision> CommentRevisions => Set<CommentRevision>();
    public DbSet<ThreadEvent> ThreadEvents => Set<ThreadEvent>();
    public DbSet<ModerationLogEntry> ModerationLog => Set<ModerationLogEntry>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<Vote> Votes => Set<Vote>();
    public DbSet<ReadMark> ReadMarks => Set<ReadMark>();
    public DbSet<SeedImport> SeedImports => Set<SeedImport>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<ThreadMute> ThreadMutes => Set<ThreadMute>();
    public DbSet<NotificationCursor> NotificationCursors => Set<NotificationCursor>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ForumDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored as UTC DateTime (SQLite cannot compare DateTimeOffset) and come back marked as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    // One pass of change detection per save: Entries<T>() runs one per entity type and SaveChanges one more, and
    // each walks every tracked entity (a batch of new comments is a few hundred).
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var autoDetect = DetectOnceAndBumpVersions();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var autoDetect = DetectOnceAndBumpVersions();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>Detects changes (if the context does that itself) and turns detection off until the save is done; returns the setting to restore.</summary>
    private bool DetectOnceAndBumpVersions()
    {
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        if (autoDetect)
        {
            ChangeTracker.DetectChanges();
            ChangeTracker.AutoDetectChangesEnabled = false;
        }

        BumpVersions();
        return autoDetect;
    }

    // The concurrency token is managed here rather than by the database, so it works the same on every provider.
    // Set through the entry: changes are not detected again before this save.
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<Comment>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Property(c => c.Version).CurrentValue = entry.OriginalValues.GetValue<long>(nameof(Comment.Version)) + 1;
            }
        }

        foreach (var entry in ChangeTracker.Entries<ForumThread>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Property(t => t.Version).CurrentValue = entry.OriginalValues.GetValue<long>(nameof(ForumThread.Version)) + 1;
            }
        }
    }
}
