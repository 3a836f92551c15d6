namespace ForumApp.Data;

public class Comment
{
    public long Id { get; set; }
    public long ThreadId { get; set; }
    public ForumThread? Thread { get; set; }

    /// <summary>Null for a top-level comment (a reply to the article).</summary>
    public long? ParentId { get; set; }
    public Comment? Parent { get; set; }
    public int Depth { get; set; }

    /// <summary>Number of direct replies, kept up to date on every write so reads never count.</summary>
    public int ReplyCount { get; set; }

    public long? AuthorId { get; set; }
    public ForumUser? Author { get; set; }
    public string AuthorName { get; set; } = "";

    public string Body { get; set; } = "";
    public BodyFormat BodyFormat { get; set; }

    /// <summary>Sanitized HTML, produced once at write time.</summary>
    public string BodyHtml { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime? EditedAt { get; set; }

    public CommentState State { get; set; }
    public DateTime? DeletedAt { get; set; }
    public long? DeletedById { get; set; }
    public string? Reason { get; set; }

    /// <summary>Shared by every comment removed in one moderator action, so the whole subtree can be restored.</summary>
    public Guid? RemovalBatchId { get; set; }

    /// <summary>Client-chosen key that makes a retried post idempotent; unique per author.</summary>
    public string? ClientRequestId { get; set; }

    public long Version { get; set; }

    // Vote totals kept beside the comment so sorted reads never count votes. Changed only by atomic
    // increments, never through Version, so a vote never conflicts with an edit.
    public int UpVotes { get; set; }
    public int DownVotes { get; set; }

    /// <summary>Up votes minus down votes.</summary>
    public int Score { get; set; }

    /// <summary>Lower bound of the Wilson score interval (95%) of the votes: the "best" order.</summary>
    public double BestRank { get; set; }
}

public enum CommentState
{
    Visible = 0,
    DeletedByAuthor = 1,
    RemovedByModerator = 2,
}

public enum BodyFormat
{
    PlainText = 0,
    Markdown = 1,
}
