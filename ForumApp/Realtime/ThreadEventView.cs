using ForumApp.Data;

namespace ForumApp.Realtime;

/// <summary>One thread event as the bus, the hub and the events API carry it; the comment as it is now, or null for lock events.</summary>
public sealed record ThreadEventView(
    long ThreadId,
    long Seq,
    ThreadEventKind Kind,
    DateTime At,
    CommentView? Comment);
