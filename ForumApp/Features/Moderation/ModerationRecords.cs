using ForumApp.Features.Comments;

namespace ForumApp.Features.Moderation;

public enum RemoveCommentsScope
{
    None,
    Thread,
    All,
}

public sealed record ModerationLogView(
    long Id,
    DateTime At,
    string Moderator,
    string Action,
    string TargetType,
    long TargetId,
    string? Member,
    long? ThreadId,
    string? Reason,
    string? RemovedText);

public sealed record ReportView(long Id, long CommentId, long ThreadId, string Reporter, string Reason, DateTime CreatedAt, string Status);

public sealed record RevisionView(string Body, DateTime WrittenAt, DateTime ReplacedAt);

/// <summary>A comment as moderators see it: the public shape plus the words that were removed and earlier versions.</summary>
public sealed record ModeratedCommentView(
    CommentView Comment,
    string? RemovedText,
    string? RemovedBy,
    DateTime? RemovedAt,
    IReadOnlyList<RevisionView> Revisions);

public sealed record RemovalOutcome(Guid BatchId, IReadOnlyList<long> RemovedCommentIds);

public sealed record ModerationLogFilter(
    long? ModeratorId = null,
    long? MemberId = null,
    long? ThreadId = null,
    string? Action = null,
    DateTime? From = null,
    DateTime? To = null,
    int Limit = 200);

public static class ModerationActions
{
    public const string RemoveComment = "remove-comment";
    public const string RestoreComment = "restore-comment";
    public const string LockThread = "lock-thread";
    public const string UnlockThread = "unlock-thread";
    public const string RemoveThread = "remove-thread";
    public const string RestoreThread = "restore-thread";
    public const string EditThread = "edit-thread";
    public const string SuspendMember = "suspend-member";
    public const string UnsuspendMember = "unsuspend-member";
    public const string DismissReport = "dismiss-report";
    public const string GrantModerator = "grant-moderator";
    public const string RevokeModerator = "revoke-moderator";
}

/// <summary>What moderators see in place of a tombstone: the removed words, who removed them and why.</summary>
public sealed record RemovedText(long CommentId, string Text, string? RemovedBy, string? Reason, DateTime? RemovedAt);
