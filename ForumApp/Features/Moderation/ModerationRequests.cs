namespace ForumApp.Features.Moderation;

// The JSON bodies of the moderation API, as docs/API.md names their fields; the endpoints translate them.
public sealed record RemoveCommentRequest(string? Reason, bool IncludeReplies);

public sealed record ReasonRequest(string? Reason);

public sealed record EditThreadRequest(string? Title, string? Body);

public sealed record SuspendRequest(DateTime? Until, string? Reason, string? RemoveComments, long? ThreadId);

public sealed record ReportRequest(string? Reason);

public sealed record ResolveReportRequest(string? Action, string? Reason);

public sealed record RoleRequest(string? Role, bool Grant);

public sealed record RemovedComments(Guid BatchId, IReadOnlyList<long> RemovedCommentIds);

public sealed record RestoredComments(IReadOnlyList<long> RestoredCommentIds);
