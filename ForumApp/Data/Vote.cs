namespace ForumApp.Data;

/// <summary>One member's vote on one comment. Withdrawing a vote deletes the row.</summary>
public class Vote
{
    public long Id { get; set; }
    public long CommentId { get; set; }
    public long UserId { get; set; }

    /// <summary>+1 or -1.</summary>
    public int Value { get; set; }

    public DateTime At { get; set; }
}
