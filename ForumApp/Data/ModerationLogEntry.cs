namespace ForumApp.Data;

/// <summary>
/// Who did what to whom, and why. Holds ids rather than foreign keys so the record outlives what it describes.
/// </summary>
public class ModerationLogEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public long ModeratorId { get; set; }
    public string ModeratorName { get; set; } = "";
    public string Action { get; set; } = "";
    public string TargetType { get; set; } = "";
    public long TargetId { get; set; }
    public long? MemberId { get; set; }
    public string? MemberName { get; set; }
    public long? ThreadId { get; set; }
    public string? Reason { get; set; }
    public string? RemovedText { get; set; }
}
