namespace ForumApp.Features.Moderation;

/// <summary>One entry of the moderation log as moderators read it.</summary>
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
    string? RemovedText,
    string? ThreadTitle = null);
