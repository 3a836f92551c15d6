using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class VoteConfiguration : IEntityTypeConfiguration<Vote>
{
    public void Configure(EntityTypeBuilder<Vote> vote)
    {
        vote.HasOne<Comment>().WithMany().HasForeignKey(v => v.CommentId).OnDelete(DeleteBehavior.Cascade);

        // No cascade from the member: SQL Server refuses a second cascade path into the same table.
        vote.HasOne<ForumUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.NoAction);

        // A member votes on a comment once; the same index answers "my votes on these comments".
        vote.HasIndex(v => new { v.CommentId, v.UserId }).IsUnique();
        vote.HasIndex(v => new { v.UserId, v.CommentId });
    }
}
