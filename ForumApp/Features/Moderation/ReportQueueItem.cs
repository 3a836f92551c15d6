namespace ForumApp.Features.Moderation;

/// <summary>An open report with what the moderator needs to decide on it without opening the thread.</summary>
public sealed record ReportQueueItem(
    ReportView Report,
    string CommentAuthor,
    long? CommentAuthorId,
    string CommentExcerpt,
    bool CommentRemoved,
    string ThreadTitle,
    string ThreadSlug);
