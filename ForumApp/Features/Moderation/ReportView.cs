namespace ForumApp.Features.Moderation;

public sealed record ReportView(long Id, long CommentId, long ThreadId, string Reporter, string Reason, DateTime CreatedAt, string Status);
