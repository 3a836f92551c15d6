using System.Net;
using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Features.Comments;
using ForumApp.Features.Notifications;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Moderation;

/// <summary>Members flag comments; moderators work through the open reports.</summary>
public sealed class ReportService(
    IDbContextFactory<ForumDbContext> dbFactory,
    ForumGuard guard,
    ReportLimits limits,
    ForumEventBus bus)
{
    /// <summary>How much of a reported comment the queue shows; the permalink has the rest.</summary>
    public const int ExcerptLength = 280;

    /// <param name="clientAddress">Where the report comes from: reports per address are limited.</param>
    public async Task<ForumResult<ReportView>> ReportAsync(
        ClaimsPrincipal? user, long commentId, string? reason, IPAddress? clientAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Report, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var text = reason?.Trim() ?? "";
        if (text.Length == 0)
        {
            return ForumError.Invalid("reason", "Say briefly what is wrong with this comment.");
        }

        if (ModerationLog.CheckReason(text) is { } badReason)
        {
            return badReason;
        }

        var comment = await db.Comments.InVisibleThreads().AsNoTracking()
            .Where(c => c.Id == commentId)
            .Select(c => new { c.Id, c.ThreadId, c.State })
            .SingleOrDefaultAsync(cancellationToken);
        if (comment is null)
        {
            return ForumError.NotFound(CommentService.NotFoundMessage);
        }

        if (await db.Reports.AnyAsync(r => r.CommentId == commentId && r.ReporterId == actor!.Id, cancellationToken))
        {
            return ForumError.Conflict("You have already reported this comment.");
        }

        if (limits.TryTake(clientAddress) is { } wait)
        {
            return new ForumError(ForumErrorKind.TooManyRequests, ReportLimits.Describe(wait), RetryAfter: wait);
        }

        var report = new Report
        {
            CommentId = comment.Id,
            ThreadId = comment.ThreadId,
            ReporterId = actor!.Id,
            ReporterName = actor.DisplayName,
            Reason = text,
            CreatedAt = guard.Now,
            Status = ReportStatus.Open,
        };
        db.Reports.Add(report);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return ForumError.Conflict("You have already reported this comment.");
        }

        await AnnounceOpenCountAsync(db, cancellationToken);
        return ToView(report);
    }

    public async Task<ForumResult<IReadOnlyList<ReportView>>> ListAsync(ClaimsPrincipal? user, ReportStatus? status, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await guard.RefuseAsync(db, user, ForumPermission.Moderate, cancellationToken) is { } refused)
        {
            return refused;
        }

        var query = db.Reports.AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(r => r.Status == wanted);
        }

        var reports = await query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(500).ToListAsync(cancellationToken);
        return reports.Select(ToView).ToList();
    }

    public async Task<int> OpenCountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Reports.CountAsync(r => r.Status == ReportStatus.Open, cancellationToken);
    }

    /// <summary>The open reports, oldest first, each with the comment it is about (removed words included), for the moderators' queue.</summary>
    public async Task<ForumResult<IReadOnlyList<ReportQueueItem>>> ListQueueAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await guard.RefuseAsync(db, user, ForumPermission.Moderate, cancellationToken) is { } refused)
        {
            return refused;
        }

        var rows = await (
                from report in db.Reports.AsNoTracking()
                where report.Status == ReportStatus.Open
                join comment in db.Comments on report.CommentId equals comment.Id
                join thread in db.Threads on comment.ThreadId equals thread.Id
                orderby report.CreatedAt, report.Id
                select new { Report = report, comment.AuthorName, comment.AuthorId, comment.Body, comment.State, thread.Title, thread.Slug })
            .Take(500)
            .ToListAsync(cancellationToken);
        return rows
            .Select(row => new ReportQueueItem(
                ToView(row.Report), row.AuthorName, row.AuthorId, Excerpt(row.Body), row.State != CommentState.Visible, row.Title, row.Slug))
            .ToList();
    }

    /// <summary>
    /// "remove" removes the comment (its other open reports are then settled too); "dismiss" closes this report.
    /// A report is resolved exactly once: the resolution that moves it out of "open" (a conditional update,
    /// in the same transaction as the removal or the log entry) wins, and any other answers 409.
    /// </summary>
    public async Task<ForumResult<ReportView>> ResolveAsync(
        ClaimsPrincipal? user, long reportId, string? action, string? reason, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Moderate, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (action is not ("remove" or "dismiss"))
        {
            return ForumError.Invalid("action", "The action is \"remove\" or \"dismiss\".");
        }

        if (ModerationLog.CheckReason(reason) is { } badReason)
        {
            return badReason;
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var report = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null)
        {
            return ForumError.NotFound("This report does not exist.");
        }

        var now = guard.Now;
        var removing = action == "remove";
        if (await SettleAsync(db, r => r.Id == reportId, removing ? ReportStatus.Actioned : ReportStatus.Dismissed, actor!.Id, now, cancellationToken) == 0)
        {
            return ForumError.Conflict("This report has already been resolved.");
        }

        IReadOnlyList<ThreadEventView> events = [];
        if (removing)
        {
            var removal = await CommentModerationService.RemoveWithinAsync(db, actor, report.CommentId, reason, includeReplies: false, now, cancellationToken);
            if (removal.Error is { Kind: not ForumErrorKind.Conflict } error)
            {
                return error;
            }

            events = removal.Value?.Events ?? [];
            await SettleAsync(db, r => r.CommentId == report.CommentId, ReportStatus.Actioned, actor.Id, now, cancellationToken);
        }
        else
        {
            // The member a dismissal concerns is the one whose comment was reported.
            var author = await db.Comments.Where(c => c.Id == report.CommentId)
                .Select(c => new { c.AuthorId, c.AuthorName })
                .SingleAsync(cancellationToken);
            db.ModerationLog.Add(ModerationLog.Entry(actor, ModerationActions.DismissReport, ModerationTargets.Report, report.Id, now, reason,
                author.AuthorId, author.AuthorName, report.ThreadId, null));
            await db.SaveChangesAsync(cancellationToken);
        }

        var notified = await NotificationNotices.AddReportsResolvedAsync(db, report, removing, actor.Id, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (events.Count > 0)
        {
            await bus.PublishAsync(events);
        }

        await NotificationNotices.PublishAsync(db, bus, notified, cancellationToken);

        await AnnounceOpenCountAsync(db, cancellationToken);
        return ToView(await db.Reports.AsNoTracking().SingleAsync(r => r.Id == reportId, cancellationToken));
    }

    /// <summary>Moves the matching reports that are still open to <paramref name="status"/>; how many it moved.</summary>
    private static Task<int> SettleAsync(
        ForumDbContext db, System.Linq.Expressions.Expression<Func<Report, bool>> which, ReportStatus status, long moderatorId, DateTime now,
        CancellationToken cancellationToken) =>
        db.Reports.Where(which).Where(r => r.Status == ReportStatus.Open)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.ResolvedById, moderatorId)
                .SetProperty(r => r.ResolvedAt, now), cancellationToken);

    private async Task AnnounceOpenCountAsync(ForumDbContext db, CancellationToken cancellationToken)
    {
        var open = await db.Reports.CountAsync(r => r.Status == ReportStatus.Open, cancellationToken);
        await bus.PublishAsync(new ModeratorNotice(ModeratorNoticeKind.Reports, open));
    }

    private static string Excerpt(string body)
    {
        var text = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= ExcerptLength ? text : string.Concat(text.AsSpan(0, ExcerptLength - 1).TrimEnd(), "…");
    }

    private static ReportView ToView(Report report) => new(
        report.Id, report.CommentId, report.ThreadId, report.ReporterName, report.Reason, report.CreatedAt,
        report.Status switch
        {
            ReportStatus.Open => "open",
            ReportStatus.Actioned => "actioned",
            _ => "dismissed",
        });
}
