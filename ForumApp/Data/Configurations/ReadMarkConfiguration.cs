using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class ReadMarkConfiguration : IEntityTypeConfiguration<ReadMark>
{
    public void Configure(EntityTypeBuilder<ReadMark> mark)
    {
        // One mark per member and thread: the key is what the forward-only upsert relies on.
        mark.HasKey(m => new { m.UserId, m.ThreadId });
        mark.HasOne<ForumUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        mark.HasOne<ForumThread>().WithMany().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Cascade);
    }
}
