using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> report)
    {
        report.Property(r => r.ReporterName).HasMaxLength(FieldLengths.DisplayName).IsRequired();
        report.Property(r => r.Reason).HasMaxLength(FieldLengths.Reason).IsRequired();
        report.HasOne(r => r.Comment).WithMany().HasForeignKey(r => r.CommentId).OnDelete(DeleteBehavior.Cascade);
        report.HasOne<ForumUser>().WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.NoAction);

        // A member reports a comment once.
        report.HasIndex(r => new { r.CommentId, r.ReporterId }).IsUnique();
        report.HasIndex(r => new { r.Status, r.CreatedAt });
    }
}
