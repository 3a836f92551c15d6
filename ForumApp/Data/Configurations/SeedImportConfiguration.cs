using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ForumApp.Data.Configurations;

internal sealed class SeedImportConfiguration : IEntityTypeConfiguration<SeedImport>
{
    public void Configure(EntityTypeBuilder<SeedImport> seedImport)
    {
        seedImport.HasKey(s => s.FileName);
        seedImport.Property(s => s.FileName).HasMaxLength(260);
        seedImport.HasOne<ForumThread>().WithMany().HasForeignKey(s => s.ThreadId).OnDelete(DeleteBehavior.Cascade);
    }
}
