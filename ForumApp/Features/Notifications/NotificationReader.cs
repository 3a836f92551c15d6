using ForumApp.Data;
using ForumApp.Realtime;
using ForumApp.Features.Formatting;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Notifications;

/// <summary>
/// Turns stored notifications into what members see. The excerpt is made now from the comment as it is now,
/// so a comment deleted or removed after the notification shows a note instead of its words.
/// </summary>
public static class NotificationReader
{
    public const int ExcerptLength = 140;
    public const string RemovedNote = "This comment was removed.";
    public const string DeletedNote = "This comment was deleted.";
    public const string RemovedThreadTitle = "A removed thread";

    public static async Task<IReadOnlyList<NotificationView>> ViewsAsync(
        ForumDbContext db, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken = default)
    {
        if (notifications.Count == 0)
        {
            return [];
        }

        var commentIds = notifications.Where(n => n.CommentId is not null).Select(n => n.CommentId!.Value).Distinct().ToList();
        var threadIds = notifications.Where(n => n.ThreadId is not null).Select(n => n.ThreadId!.Value).Distinct().ToList();
        var comments = await db.Comments.AsNoTracking()
            .Where(c => commentIds.Contains(c.Id))
            .Select(c => new CommentText(c.Id, c.Body, c.BodyFormat, c.State))
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var threads = await db.Threads.AsNoTracking()
            .Where(t => threadIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Title, t.Slug, Removed = t.RemovedAt != null })
            .ToDictionaryAsync(t => t.Id, cancellationToken);

        return notifications.Select(n =>
        {
            var thread = n.ThreadId is { } threadId ? threads.GetValueOrDefault(threadId) : null;
            var removedThread = n.ThreadId is not null && (thread is null || thread.Removed);
            var url = thread is null || removedThread
                ? null
                : n.CommentId is { } commentId ? $"/t/{thread.Id}/{thread.Slug}/c/{commentId}#c{commentId}" : $"/t/{thread.Id}/{thread.Slug}";
            return new NotificationView(
                n.Id, NotificationKinds.WireName(n.Kind), n.At, n.Read, n.ThreadId, n.CommentId, n.ActorName,
                ExcerptOf(n, n.CommentId is { } id ? comments.GetValueOrDefault(id) : null, removedThread),
                removedThread ? RemovedThreadTitle : thread?.Title, url);
        }).ToList();
    }

    private static string? ExcerptOf(Notification notification, CommentText? comment, bool removedThread)
    {
        // The moderator's public reason is what a removal or a suspension says; it is never the comment's words.
        if (notification.Kind is NotificationKind.Removed or NotificationKind.Suspended)
        {
            return notification.Reason;
        }

        if (removedThread)
        {
            return null;
        }

        return comment switch
        {
            null => null,
            { State: CommentState.RemovedByModerator } => RemovedNote,
            { State: CommentState.DeletedByAuthor } => DeletedNote,
            _ => Excerpt(comment.Body, comment.Format),
        };
    }

    /// <summary>Plain text, whitespace folded, cut at a word near <see cref="ExcerptLength"/>.</summary>
    public static string Excerpt(string body, BodyFormat format) => PlainText.Cut(PlainText.Of(body, format), ExcerptLength);

    private sealed record CommentText(long Id, string Body, BodyFormat Format, CommentState State);
}
