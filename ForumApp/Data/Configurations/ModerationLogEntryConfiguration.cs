using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class ModerationLogEntryConfiguration : IEntityTypeConfiguration<ModerationLogEntry>
{
    public void Configure(EntityTypeBuilder<ModerationLogEntry> entry)
    {
        entry.ToTable("ModerationLog");
        entry.Property(e => e.ModeratorName).HasMaxLength(FieldLengths.DisplayName).IsRequired();
        entry.Property(e => e.MemberName).HasMaxLength(FieldLengths.DisplayName);
        entry.Property(e => e.Action).HasMaxLength(40).IsRequired();
        entry.Property(e => e.TargetType).HasMaxLength(20).IsRequired();
        entry.Property(e => e.Reason).HasMaxLength(FieldLengths.Reason);
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.ModeratorId, e.At });
        entry.HasIndex(e => new { e.MemberId, e.At });
        entry.HasIndex(e => new { e.ThreadId, e.At });
    }
}
