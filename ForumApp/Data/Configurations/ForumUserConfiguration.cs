using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class ForumUserConfiguration : IEntityTypeConfiguration<ForumUser>
{
    public void Configure(EntityTypeBuilder<ForumUser> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(FieldLengths.DisplayName).IsRequired();
        user.Property(u => u.NormalizedDisplayName).HasMaxLength(FieldLengths.DisplayName).IsRequired();
        user.HasIndex(u => u.NormalizedDisplayName).IsUnique();
        user.Property(u => u.SuspensionReason).HasMaxLength(FieldLengths.Reason);
    }
}
