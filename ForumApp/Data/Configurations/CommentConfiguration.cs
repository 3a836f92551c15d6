using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> comment)
    {
        comment.Property(c => c.AuthorName).HasMaxLength(FieldLengths.DisplayName).IsRequired();
        comment.Property(c => c.Reason).HasMaxLength(FieldLengths.Reason);
        comment.Property(c => c.ClientRequestId).HasMaxLength(64);
        comment.Property(c => c.Version).IsConcurrencyToken();

        comment.HasOne(c => c.Thread).WithMany(t => t.Comments).HasForeignKey(c => c.ThreadId).OnDelete(DeleteBehavior.Cascade);

        // Self-reference and author: no cascade. SQL Server refuses cycles and multiple cascade paths,
        // and comments are tombstoned rather than deleted anyway.
        comment.HasOne(c => c.Parent).WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.NoAction);
        comment.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.NoAction);

        // Children of one parent in display order: the tree is read level by level on this index.
        comment.HasIndex(c => new { c.ThreadId, c.ParentId, c.CreatedAt, c.Id });
        // Siblings by rank and by score, for the "best" and "top" orders.
        comment.HasIndex(c => new { c.ThreadId, c.ParentId, c.BestRank });
        comment.HasIndex(c => new { c.ThreadId, c.ParentId, c.Score });
        comment.HasIndex(c => new { c.AuthorId, c.ClientRequestId })
            .IsUnique()
            .HasFilter("[ClientRequestId] IS NOT NULL");
        comment.HasIndex(c => c.RemovalBatchId);
    }
}
