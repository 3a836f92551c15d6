namespace ForumApp.Features.Moderation;

/// <summary>What moderators see in place of a tombstone: the removed words, who removed them and why.</summary>
public sealed record RemovedText(long CommentId, string Text, string? RemovedBy, string? Reason, DateTime? RemovedAt);
