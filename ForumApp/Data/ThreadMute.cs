namespace ForumApp.Data;

/// <summary>A member who hears nothing more about replies and mentions in one thread.</summary>
public class ThreadMute
{
    public long UserId { get; set; }
    public long ThreadId { get; set; }
    public DateTime MutedAt { get; set; }
}
