namespace ForumApp.Data;

/// <summary>An earlier version of a comment's body, kept when it is edited after the grace period.</summary>
public class CommentRevision
{
    public long Id { get; set; }
    public long CommentId { get; set; }
    public string Body { get; set; } = "";
    public BodyFormat BodyFormat { get; set; }

    /// <summary>When this version was written (the comment's creation or its previous edit).</summary>
    public DateTime WrittenAt { get; set; }
    public DateTime ReplacedAt { get; set; }
    public long? EditorId { get; set; }
}
