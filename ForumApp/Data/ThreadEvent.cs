namespace ForumApp.Data;

/// <summary>
/// One change to a thread, numbered without gaps per thread. The table is the record that
/// clients catch up from; live pushes are only the fast path.
/// </summary>
public class ThreadEvent
{
    public long ThreadId { get; set; }
    public long Seq { get; set; }
    public ThreadEventKind Kind { get; set; }
    public DateTime At { get; set; }

    /// <summary>The comment the event is about; null for thread-level events such as locking.</summary>
    public long? CommentId { get; set; }
}

public enum ThreadEventKind
{
    Posted = 0,
    Edited = 1,
    Deleted = 2,
    Removed = 3,
    Restored = 4,
    Locked = 5,
    Unlocked = 6,
}
