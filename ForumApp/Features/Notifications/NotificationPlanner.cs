using ForumApp.Data;

namespace ForumApp.Features.Notifications;

/// <summary>A logged event with what the producer needs of its comment, read as it is now.</summary>
public sealed record LoggedComment(
    long ThreadId, long Seq, ThreadEventKind Kind, DateTime At, long CommentId, long? AuthorId, string AuthorName,
    long? ParentAuthorId, long? ThreadAuthorId, bool ThreadRemoved, CommentState State, long? DeletedById, string? Reason,
    Guid? RemovalBatchId, IReadOnlyList<long> Mentioned, long? RestoredById = null);

/// <summary>Who should hear of an event, and as what. Pure: the producer reads the facts and stores the result.</summary>
public static class NotificationPlanner
{
    /// <param name="optedOut">Kinds each member turned off.</param>
    /// <param name="muted">Threads each member muted (as member id, thread id).</param>
    public static IReadOnlyList<Notification> Plan(
        IEnumerable<LoggedComment> events,
        IReadOnlySet<(long UserId, NotificationKind Kind)> optedOut,
        IReadOnlySet<(long UserId, long ThreadId)> muted)
    {
        var planned = new List<Notification>();
        var keys = new HashSet<(long, string)>();
        foreach (var e in events)
        {
            foreach (var notification in For(e))
            {
                var recipient = notification.RecipientId;
                var fromComments = notification.Kind is NotificationKind.Reply or NotificationKind.ThreadReply or NotificationKind.Mention;
                if (optedOut.Contains((recipient, notification.Kind))
                    || (fromComments && muted.Contains((recipient, e.ThreadId)))
                    || !keys.Add((recipient, notification.DedupeKey!)))
                {
                    continue;
                }

                planned.Add(notification);
            }
        }

        return planned;
    }

    /// <summary>The notifications an event could cause, each recipient's preferred kind first.</summary>
    private static IEnumerable<Notification> For(LoggedComment e)
    {
        switch (e.Kind)
        {
            case ThreadEventKind.Posted or ThreadEventKind.Edited when e.AuthorId is { } authorId && e.State == CommentState.Visible && !e.ThreadRemoved:
                // One notification per member per comment: the dedupe key is the comment's, so a reply that also
                // mentions you is one (the reply, listed first), and an edit never repeats a mention already made.
                var candidates = new List<(long? Recipient, NotificationKind Kind)>();
                if (e.Kind == ThreadEventKind.Posted)
                {
                    candidates.Add(e.ParentAuthorId is not null ? (e.ParentAuthorId, NotificationKind.Reply) : (e.ThreadAuthorId, NotificationKind.ThreadReply));
                }

                candidates.AddRange(e.Mentioned.Select(id => ((long?)id, NotificationKind.Mention)));
                foreach (var (recipient, kind) in candidates)
                {
                    if (recipient is { } id && id != authorId)
                    {
                        yield return New(e, id, kind, $"c{e.CommentId}", authorId, e.AuthorName, reason: null);
                    }
                }

                break;

            // A moderator who removes their own comment needs no word of it. Removals of a subtree or of a
            // member's comments share a batch: the author hears once per batch.
            case ThreadEventKind.Removed when e.AuthorId is { } authorId && e.DeletedById != authorId:
                yield return New(e, authorId, NotificationKind.Removed,
                    e.RemovalBatchId is { } batch ? $"b{batch:N}" : $"e{e.ThreadId}:{e.Seq}", actorId: null, actorName: null, e.Reason);
                break;

            // Likewise a moderator who restores their own comment.
            case ThreadEventKind.Restored when e.AuthorId is { } authorId && e.RestoredById != authorId:
                yield return New(e, authorId, NotificationKind.Restored, $"e{e.ThreadId}:{e.Seq}", actorId: null, actorName: null, reason: null);
                break;
        }
    }

    private static Notification New(LoggedComment e, long recipient, NotificationKind kind, string key, long? actorId, string? actorName, string? reason) => new()
    {
        RecipientId = recipient,
        Kind = kind,
        At = e.At,
        ThreadId = e.ThreadId,
        CommentId = e.CommentId,
        ActorId = actorId,
        ActorName = actorName,
        Reason = reason,
        DedupeKey = key,
    };
}
