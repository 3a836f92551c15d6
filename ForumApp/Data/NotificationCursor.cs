namespace ForumApp.Data;

/// <summary>How far the notification producer has read a thread's event log; it resumes here after a restart.</summary>
public class NotificationCursor
{
    public long ThreadId { get; set; }
    public long Seq { get; set; }
}
