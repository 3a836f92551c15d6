namespace ForumApp.Data;

public class ForumThread
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Body { get; set; } = "";
    public BodyFormat BodyFormat { get; set; }
    public string BodyHtml { get; set; } = "";
    public long? AuthorId { get; set; }
    public ForumUser? Author { get; set; }

    /// <summary>Name at the time of writing; stays readable if the account goes away.</summary>
    public string AuthorName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime LastActivityAt { get; set; }
    public bool Locked { get; set; }
    public string? LockReason { get; set; }
    public int CommentCount { get; set; }
    public DateTime? RemovedAt { get; set; }
    public string? RemovedReason { get; set; }

    /// <summary>When a moderator pinned the thread to the top of the list; null when it is not pinned.</summary>
    public DateTime? PinnedAt { get; set; }

    /// <summary>Sequence number of the newest thread event; advanced only by <see cref="ThreadEventLog"/>.</summary>
    public long LastSeq { get; set; }

    /// <summary>App-managed concurrency token (SQLite has no rowversion).</summary>
    public long Version { get; set; }

    public List<Comment> Comments { get; set; } = [];
}
