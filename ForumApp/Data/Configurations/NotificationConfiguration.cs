using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public const int DedupeKeyLength = 64;

    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.Property(n => n.ActorName).HasMaxLength(FieldLengths.DisplayName);
        notification.Property(n => n.Reason).HasMaxLength(FieldLengths.Reason);
        notification.Property(n => n.DedupeKey).HasMaxLength(DedupeKeyLength);

        // A member's account going takes their notifications along; threads and comments are never deleted outright.
        notification.HasOne<ForumUser>().WithMany().HasForeignKey(n => n.RecipientId).OnDelete(DeleteBehavior.Cascade);
        notification.HasOne<ForumThread>().WithMany().HasForeignKey(n => n.ThreadId).OnDelete(DeleteBehavior.NoAction);
        notification.HasOne<Comment>().WithMany().HasForeignKey(n => n.CommentId).OnDelete(DeleteBehavior.NoAction);

        // Newest first per member (keyset on Id), all or unread only; the unread count reads the same index.
        notification.HasIndex(n => new { n.RecipientId, n.Id });
        notification.HasIndex(n => new { n.RecipientId, n.Read, n.Id });

        // Two producers (instances, or one resuming after a crash) cannot store the same notification twice.
        // Null keys never collide: SQLite and PostgreSQL treat nulls as distinct, SQL Server gets a filter.
        notification.HasIndex(n => new { n.RecipientId, n.DedupeKey }).IsUnique();
    }
}
