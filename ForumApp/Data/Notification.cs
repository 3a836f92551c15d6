namespace ForumApp.Data;

/// <summary>Something a member should hear about: a reply, a mention, or a moderator's decision about them.</summary>
public class Notification
{
    public long Id { get; set; }
    public long RecipientId { get; set; }
    public NotificationKind Kind { get; set; }
    public DateTime At { get; set; }
    public bool Read { get; set; }
    /// <summary>Null for what concerns the account rather than a thread (a suspension).</summary>
    public long? ThreadId { get; set; }
    public long? CommentId { get; set; }

    /// <summary>Who caused it, as named then; null for moderators' decisions, which members see as the forum's.</summary>
    public long? ActorId { get; set; }
    public string? ActorName { get; set; }

    /// <summary>A moderator's public reason (for <c>removed</c> and <c>suspended</c>); never the words of a comment.</summary>
    public string? Reason { get; set; }

    /// <summary>
    /// What makes a notification happen once per recipient: <c>c{commentId}</c> for what a written comment causes
    /// (a reply that also mentions you is one notification), <c>e{threadId}:{seq}</c> or <c>b{batchId}</c> for
    /// removals and restorations. Null when the action is itself unique (a report resolved, a suspension).
    /// </summary>
    public string? DedupeKey { get; set; }
}

public enum NotificationKind
{
    Reply = 0,
    ThreadReply = 1,
    Mention = 2,
    Removed = 3,
    Restored = 4,
    ReportResolved = 5,
    Suspended = 6,
}
