using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class ThreadEventConfiguration : IEntityTypeConfiguration<ThreadEvent>
{
    public void Configure(EntityTypeBuilder<ThreadEvent> threadEvent)
    {
        // The key is the per-thread sequence itself: a duplicate seq cannot be stored.
        threadEvent.HasKey(e => new { e.ThreadId, e.Seq });
        threadEvent.HasOne<ForumThread>().WithMany().HasForeignKey(e => e.ThreadId).OnDelete(DeleteBehavior.Cascade);
        threadEvent.HasOne<Comment>().WithMany().HasForeignKey(e => e.CommentId).OnDelete(DeleteBehavior.NoAction);
    }
}
