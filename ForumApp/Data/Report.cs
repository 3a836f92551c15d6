namespace ForumApp.Data;

public class Report
{
    public long Id { get; set; }
    public long CommentId { get; set; }
    public Comment? Comment { get; set; }
    public long ThreadId { get; set; }
    public long ReporterId { get; set; }
    public string ReporterName { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public ReportStatus Status { get; set; }
    public long? ResolvedById { get; set; }
    public DateTime? ResolvedAt { get; set; }
}

public enum ReportStatus
{
    Open = 0,
    Actioned = 1,
    Dismissed = 2,
}
