namespace ForumApp.Features.Moderation;

/// <summary>What one removal took away: its batch (restored together) and the comments in it.</summary>
public sealed record RemovalOutcome(Guid BatchId, IReadOnlyList<long> RemovedCommentIds);
