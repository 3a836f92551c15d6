using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class ThreadMuteConfiguration : IEntityTypeConfiguration<ThreadMute>
{
    public void Configure(EntityTypeBuilder<ThreadMute> mute)
    {
        mute.HasKey(m => new { m.UserId, m.ThreadId });
        mute.HasOne<ForumUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);

        // No cascade from threads: SQL Server refuses a second cascade path to this table.
        mute.HasOne<ForumThread>().WithMany().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.NoAction);
    }
}
