using ForumApp.Realtime;

namespace ForumApp.Features.Moderation;

/// <summary>A comment as moderators see it: the public shape plus the words that were removed and earlier versions.</summary>
public sealed record ModeratedCommentView(
    CommentView Comment,
    string? RemovedText,
    string? RemovedBy,
    DateTime? RemovedAt,
    IReadOnlyList<RevisionView> Revisions);

/// <summary>An earlier version of a comment's text, and when it was written and replaced.</summary>
public sealed record RevisionView(string Body, DateTime WrittenAt, DateTime ReplacedAt);
