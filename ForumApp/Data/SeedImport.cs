namespace ForumApp.Data;

/// <summary>Marks a seed file as imported, so a restart never imports it twice.</summary>
public class SeedImport
{
    public string FileName { get; set; } = "";
    public long ThreadId { get; set; }
    public DateTime ImportedAt { get; set; }
}
