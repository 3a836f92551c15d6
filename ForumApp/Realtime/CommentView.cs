using ForumApp.Data;

namespace ForumApp.Realtime;

/// <summary>The one public shape of a comment, used by pages, the HTTP API and live events alike.</summary>
public sealed record CommentView(
    long Id,
    long ThreadId,
    long? ParentId,
    int Depth,
    string Author,
    long? AuthorId,
    string? Body,
    string? BodyHtml,
    DateTime CreatedAt,
    DateTime? EditedAt,
    bool Deleted,
    string? DeletedBy,
    string? Reason,
    int ReplyCount)
{
    /// <summary>Up votes minus down votes, as stored when the comment was read.</summary>
    public int Score { get; init; }

    /// <summary>
    /// The reader's own vote: 1, -1, or 0 when a signed-in reader has not voted. Null for anonymous readers and
    /// in thread events, which are the same for everyone.
    /// </summary>
    public int? MyVote { get; init; }

    public static CommentView From(Comment comment)
    {
        var deleted = comment.State != CommentState.Visible;
        return new CommentView(
            comment.Id,
            comment.ThreadId,
            comment.ParentId,
            comment.Depth,
            comment.AuthorName,
            comment.AuthorId,
            // Once deleted, the words are gone for everyone; moderators read them through moderation.
            deleted ? null : comment.Body,
            deleted ? null : comment.BodyHtml,
            comment.CreatedAt,
            comment.EditedAt,
            deleted,
            comment.State switch
            {
                CommentState.DeletedByAuthor => "author",
                CommentState.RemovedByModerator => "moderator",
                _ => null,
            },
            deleted ? comment.Reason : null,
            comment.ReplyCount)
        {
            Score = comment.Score,
        };
    }

    /// <summary>An author's own deletion with nothing under it leaves no trace in reads.</summary>
    public static bool IsHiddenFromReads(Comment comment) =>
        comment.State == CommentState.DeletedByAuthor && comment.ReplyCount == 0;
}
