using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class ForumThreadConfiguration : IEntityTypeConfiguration<ForumThread>
{
    public void Configure(EntityTypeBuilder<ForumThread> thread)
    {
        thread.ToTable("Threads");
        // Twice the title limit: that limit counts Unicode characters, the column UTF-16 units.
        thread.Property(t => t.Title).HasMaxLength(400).IsRequired();
        thread.Property(t => t.Slug).HasMaxLength(100).IsRequired();
        thread.Property(t => t.AuthorName).HasMaxLength(FieldLengths.DisplayName).IsRequired();
        thread.Property(t => t.LockReason).HasMaxLength(FieldLengths.Reason);
        thread.Property(t => t.RemovedReason).HasMaxLength(FieldLengths.Reason);
        thread.Property(t => t.Version).IsConcurrencyToken();

        // Accounts are never deleted with cascade: a thread keeps its author name snapshot.
        thread.HasOne(t => t.Author).WithMany().HasForeignKey(t => t.AuthorId).OnDelete(DeleteBehavior.NoAction);

        thread.HasIndex(t => t.LastActivityAt);
        thread.HasIndex(t => t.PinnedAt);
    }
}
