namespace ForumApp.Features.Moderation;

/// <summary>Which log entries to read; every criterion given must hold.</summary>
public sealed record ModerationLogFilter(
    long? ModeratorId = null,
    long? MemberId = null,
    long? ThreadId = null,
    string? Action = null,
    DateTime? From = null,
    DateTime? To = null,
    int Limit = 200,
    string? ModeratorName = null,
    string? MemberName = null);
