using System.Net;
using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Moderation;

/// <summary>Members flag comments; moderators work through the open reports.</summary>
public sealed class ReportService(
    IDbContextFactory<ForumDbContext> dbFactory,
    ModerationService moderation,
    ReportLimits limits,
    ForumEventBus bus,
    TimeProvider clock)
{
    /// <summary>How much of a reported comment the queue shows; the permalink has the rest.</summary>
    public const int ExcerptLength = 280;

    /// <param name="clientAddress">Where the report comes from: reports per address are limited.</param>
    public async Task<ForumResult<ReportView>> ReportAsync(
        ClaimsPrincipal? user, long commentId, string? reason, IPAddress? clientAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = await ForumActor.LoadAsync(db, user, cancellationToken);
        if (actor is null)
        {
            return ForumError.SignInRequired();
        }

        if (actor.IsSuspendedAt(now))
        {
            return ForumError.Forbidden("Your account is suspended. You can read but not report.");
        }

        var text = reason?.Trim() ?? "";
        if (text.Length == 0)
        {
            return ForumError.Invalid("reason", "Say briefly what is wrong with this comment.");
        }

        if (ModerationService.CheckReason(text) is { } badReason)
        {
            return badReason;
        }

        var comment = await db.Comments.AsNoTracking()
            .Where(c => c.Id == commentId && c.Thread!.RemovedAt == null)
            .Select(c => new { c.Id, c.ThreadId, c.State })
            .SingleOrDefaultAsync(cancellationToken);
        if (comment is null)
        {
            return ForumError.NotFound("This comment does not exist.");
        }

        if (await db.Reports.AnyAsync(r => r.CommentId == commentId && r.ReporterId == actor.Id, cancellationToken))
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
            ReporterId = actor.Id,
            ReporterName = actor.DisplayName,
            Reason = text,
            CreatedAt = now,
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
        var (_, refused) = await ModerationService.RequireModeratorAsync(db, user, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (refused is not null)
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
        var (_, refused) = await ModerationService.RequireModeratorAsync(db, user, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (refused is not null)
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

    /// <summary>"remove" removes the comment (its reports are then all settled); "dismiss" closes this report.</summary>
    public async Task<ForumResult<ReportView>> ResolveAsync(
        ClaimsPrincipal? user, long reportId, string? action, string? reason, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await ModerationService.RequireModeratorAsync(db, user, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (action is not ("remove" or "dismiss"))
        {
            return ForumError.Invalid("action", "The action is \"remove\" or \"dismiss\".");
        }

        if (ModerationService.CheckReason(reason) is { } badReason)
        {
            return badReason;
        }

        var report = await db.Reports.SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null)
        {
            return ForumError.NotFound("This report does not exist.");
        }

        if (report.Status != ReportStatus.Open)
        {
            return ForumError.Conflict("This report has already been resolved.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (action == "remove")
        {
            var removal = await moderation.RemoveCommentAsync(user, report.CommentId, reason, includeReplies: false, cancellationToken);
            if (removal.Error is { Kind: not ForumErrorKind.Conflict } error)
            {
                return error;
            }

            var settled = await db.Reports.Where(r => r.CommentId == report.CommentId && r.Status == ReportStatus.Open).ToListAsync(cancellationToken);
            foreach (var open in settled)
            {
                open.Status = ReportStatus.Actioned;
                open.ResolvedById = actor!.Id;
                open.ResolvedAt = now;
            }
        }
        else
        {
            report.Status = ReportStatus.Dismissed;
            report.ResolvedById = actor!.Id;
            report.ResolvedAt = now;

            // The member a dismissal concerns is the one whose comment was reported.
            var author = await db.Comments.Where(c => c.Id == report.CommentId)
                .Select(c => new { c.AuthorId, c.AuthorName })
                .SingleAsync(cancellationToken);
            db.ModerationLog.Add(ModerationService.LogEntry(actor, ModerationActions.DismissReport, "report", report.Id, now, reason,
                author.AuthorId, author.AuthorName, report.ThreadId, null));
        }

        await db.SaveChangesAsync(cancellationToken);
        await AnnounceOpenCountAsync(db, cancellationToken);
        return ToView(report);
    }

    private async Task AnnounceOpenCountAsync(ForumDbContext db, CancellationToken cancellationToken)
    {
        var open = await db.Reports.CountAsync(r => r.Status == ReportStatus.Open, cancellationToken);
        await bus.PublishAsync(new ModeratorNotice("reports", open));
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

/// <summary>An open report with what the moderator needs to decide on it without opening the thread.</summary>
public sealed record ReportQueueItem(
    ReportView Report,
    string CommentAuthor,
    long? CommentAuthorId,
    string CommentExcerpt,
    bool CommentRemoved,
    string ThreadTitle,
    string ThreadSlug);
