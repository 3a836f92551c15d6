using ForumApp.Data;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Notifications;

/// <summary>
/// Notifications that moderation actions write themselves, inside their own transaction (they are few, and a
/// report resolved or a suspension is not in the thread event log the producer reads), and the live push of
/// any stored notification to the member's pages and hub connections.
/// </summary>
public static class NotificationNotices
{
    /// <summary>Adds (does not save) one notification per member who has not turned the kind off; the caller commits, then publishes.</summary>
    public static async Task<IReadOnlyList<Notification>> AddAsync(
        ForumDbContext db, IReadOnlyCollection<long> recipients, NotificationKind kind, long? threadId, long? commentId, string? reason,
        DateTime at, long actorId, CancellationToken cancellationToken)
    {
        var ids = recipients.Where(id => id != actorId).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var optedOut = await db.NotificationPreferences
            .Where(p => ids.Contains(p.UserId) && p.Kind == kind && !p.Enabled)
            .Select(p => p.UserId)
            .ToListAsync(cancellationToken);
        var added = ids.Except(optedOut).Select(id => new Notification
        {
            RecipientId = id,
            Kind = kind,
            At = at,
            ThreadId = threadId,
            CommentId = commentId,
            Reason = reason,
        }).ToList();
        db.Notifications.AddRange(added);
        return added;
    }

    /// <summary>The reporters whose reports this resolution settled (all of the comment's on a removal) hear of it.</summary>
    public static async Task<IReadOnlyList<Notification>> AddReportsResolvedAsync(
        ForumDbContext db, Report report, bool removed, long moderatorId, DateTime at, CancellationToken cancellationToken)
    {
        var reporters = await db.Reports
            .Where(r => r.CommentId == report.CommentId && r.ResolvedById == moderatorId && r.ResolvedAt == at && (removed || r.Id == report.Id))
            .Select(r => r.ReporterId)
            .ToListAsync(cancellationToken);
        var added = await AddAsync(db, reporters, NotificationKind.ReportResolved, report.ThreadId, report.CommentId, null, at, moderatorId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    /// <summary>After the commit: every open page and hub connection of each recipient hears of its notification.</summary>
    public static async Task PublishAsync(ForumDbContext db, ForumEventBus bus, IReadOnlyList<Notification> stored, CancellationToken cancellationToken = default)
    {
        if (stored.Count == 0)
        {
            return;
        }

        var views = await NotificationReader.ViewsAsync(db, stored, cancellationToken);
        for (var i = 0; i < stored.Count; i++)
        {
            await bus.PublishAsync(new UserNotice(stored[i].RecipientId, UserNoticeKind.Notification, null, views[i]));
        }
    }
}
