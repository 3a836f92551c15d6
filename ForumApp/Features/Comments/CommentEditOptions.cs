namespace ForumApp.Features.Comments;

public sealed class CommentEditOptions
{
    /// <summary>Edits this soon after posting do not keep the earlier text as a revision.</summary>
    public TimeSpan RevisionGracePeriod { get; set; } = TimeSpan.FromMinutes(5);
}
