using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Comments;
using ForumApp.Features.Formatting;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Moderation;

/// <summary>
/// Every moderator action. Each one checks the caller's roles in the database (never a cookie's copy),
/// changes the thread with its events in one transaction, writes the moderation log with the words it
/// took away, and publishes the change to every viewer after the commit.
/// </summary>
public sealed class ModerationService(
    IDbContextFactory<ForumDbContext> dbFactory,
    BodyRenderer renderer,
    ForumEventBus bus,
    TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    /// <summary>A member search shows at most this many matches; a longer list means the query is too vague.</summary>
    public const int MaxMemberMatches = 20;

    /// <summary>A ban is a suspension without end.</summary>
    public static readonly DateTime BannedUntil = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    public async Task<ForumResult<RemovalOutcome>> RemoveCommentAsync(
        ClaimsPrincipal? user, long commentId, string? reason, bool includeReplies, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await RequireModeratorAsync(db, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (CheckReason(reason) is { } badReason)
        {
            return badReason;
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var root = await db.Comments.Include(c => c.Thread).SingleOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (root?.Thread is null)
        {
            return ForumError.NotFound("This comment does not exist.");
        }

        if (root.State == CommentState.RemovedByModerator)
        {
            return ForumError.Conflict("This comment has already been removed.");
        }

        var targets = includeReplies
            ? Subtree(await db.Comments.Where(c => c.ThreadId == root.ThreadId).ToListAsync(cancellationToken), root.Id)
            : [root];
        var removed = targets.Where(c => c.State == CommentState.Visible).ToList();
        if (removed.Count == 0)
        {
            return ForumError.Conflict("There is nothing left to remove here.");
        }

        var now = Now;
        var batch = Guid.NewGuid();
        foreach (var comment in removed)
        {
            MarkRemoved(comment, actor!, reason, batch, now);
            db.ModerationLog.Add(LogEntry(actor!, ModerationActions.RemoveComment, "comment", comment.Id, now, reason,
                comment.AuthorId, comment.AuthorName, comment.ThreadId, comment.Body));
        }

        root.Thread.CommentCount = Math.Max(0, root.Thread.CommentCount - removed.Count);
        var events = await ThreadEventLog.CommitWithEventsAsync(
            db, root.ThreadId, removed.Select(c => new PendingThreadEvent(ThreadEventKind.Removed, c)).ToList(), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await PublishAsync(events, removed);
        return new RemovalOutcome(batch, removed.Select(c => c.Id).ToList());
    }

    /// <summary>Restores the comment and everything removed in the same action with it (e.g. its subtree).</summary>
    public async Task<ForumResult<IReadOnlyList<long>>> RestoreCommentAsync(
        ClaimsPrincipal? user, long commentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await RequireModeratorAsync(db, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var comment = await db.Comments.Include(c => c.Thread).SingleOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment?.Thread is null)
        {
            return ForumError.NotFound("This comment does not exist.");
        }

        if (comment.State != CommentState.RemovedByModerator)
        {
            return ForumError.Conflict("This comment is not removed.");
        }

        var batch = comment.RemovalBatchId;
        var restored = batch is null
            ? [comment]
            : await db.Comments
                .Where(c => c.ThreadId == comment.ThreadId && c.RemovalBatchId == batch && c.State == CommentState.RemovedByModerator)
                .ToListAsync(cancellationToken);
        restored = ParentsFirst(restored);

        var now = Now;
        foreach (var target in restored)
        {
            target.State = CommentState.Visible;
            target.DeletedAt = null;
            target.DeletedById = null;
            target.Reason = null;
            target.RemovalBatchId = null;
            db.ModerationLog.Add(LogEntry(actor!, ModerationActions.RestoreComment, "comment", target.Id, now, null,
                target.AuthorId, target.AuthorName, target.ThreadId, null));
        }

        comment.Thread.CommentCount += restored.Count;
        var events = await ThreadEventLog.CommitWithEventsAsync(
            db, comment.ThreadId, restored.Select(c => new PendingThreadEvent(ThreadEventKind.Restored, c)).ToList(), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await PublishAsync(events, restored);
        return restored.Select(c => c.Id).ToList();
    }

    public Task<ForumResult<bool>> LockThreadAsync(ClaimsPrincipal? user, long threadId, string? reason, CancellationToken cancellationToken = default) =>
        SetLockAsync(user, threadId, locked: true, reason, cancellationToken);

    public Task<ForumResult<bool>> UnlockThreadAsync(ClaimsPrincipal? user, long threadId, CancellationToken cancellationToken = default) =>
        SetLockAsync(user, threadId, locked: false, null, cancellationToken);

    public async Task<ForumResult<bool>> SetThreadRemovedAsync(
        ClaimsPrincipal? user, long threadId, bool removed, string? reason, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await RequireModeratorAsync(db, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (CheckReason(reason) is { } badReason)
        {
            return badReason;
        }

        var thread = await db.Threads.SingleOrDefaultAsync(t => t.Id == threadId, cancellationToken);
        if (thread is null)
        {
            return ForumError.NotFound("This thread does not exist.");
        }

        if (removed == thread.RemovedAt.HasValue)
        {
            return ForumError.Conflict(removed ? "This thread is already removed." : "This thread is not removed.");
        }

        var now = Now;
        thread.RemovedAt = removed ? now : null;
        thread.RemovedReason = removed && !string.IsNullOrWhiteSpace(reason) ? reason.Trim() : null;
        db.ModerationLog.Add(LogEntry(actor!, removed ? ModerationActions.RemoveThread : ModerationActions.RestoreThread, "thread", thread.Id, now,
            reason, thread.AuthorId, thread.AuthorName, thread.Id, removed ? $"{thread.Title}\n\n{thread.Body}" : null));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<ForumResult<bool>> EditThreadAsync(
        ClaimsPrincipal? user, long threadId, string? title, string? body, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await RequireModeratorAsync(db, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var (cleanTitle, titleProblem) = TextRules.CheckTitle(title);
        if (titleProblem is not null)
        {
            return ForumError.Invalid("title", titleProblem);
        }

        var (text, bodyProblem) = TextRules.CheckBody(body, ThreadService.MaxArticleLength, "article");
        if (bodyProblem is not null)
        {
            return ForumError.Invalid("body", bodyProblem);
        }

        var thread = await db.Threads.SingleOrDefaultAsync(t => t.Id == threadId, cancellationToken);
        if (thread is null)
        {
            return ForumError.NotFound("This thread does not exist.");
        }

        var now = Now;
        db.ModerationLog.Add(LogEntry(actor!, ModerationActions.EditThread, "thread", thread.Id, now, null,
            thread.AuthorId, thread.AuthorName, thread.Id, $"{thread.Title}\n\n{thread.Body}"));
        thread.Title = cleanTitle;
        thread.Slug = Slug.FromTitle(cleanTitle);
        thread.Body = text;
        thread.BodyHtml = renderer.ToHtml(text, thread.BodyFormat);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ForumError.Conflict("The thread changed while you were editing it. Reload it and try again.");
        }

        return true;
    }

    /// <param name="until">Null bans the member for good.</param>
    public async Task<ForumResult<bool>> SuspendAsync(
        ClaimsPrincipal? user, long memberId, DateTime? until, string? reason, string? removeComments, long? threadId,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await RequireModeratorAsync(db, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (ParseScope(removeComments) is not { } scope)
        {
            return ForumError.Invalid("removeComments", "removeComments is \"none\", \"thread\" or \"all\".");
        }

        if (CheckReason(reason) is { } badReason)
        {
            return badReason;
        }

        var now = Now;
        if (until is { } end && end.ToUniversalTime() <= now)
        {
            return ForumError.Invalid("until", "The suspension must end in the future (or give no end for a ban).");
        }

        if (scope == RemoveCommentsScope.Thread && threadId is null)
        {
            return ForumError.Invalid("threadId", "Say which thread to remove the member's comments from.");
        }

        var member = await db.Users.SingleOrDefaultAsync(u => u.Id == memberId, cancellationToken);
        if (member is null)
        {
            return ForumError.NotFound("This member does not exist.");
        }

        if (member.Id == actor!.Id)
        {
            return ForumError.Invalid("id", "You cannot suspend yourself.");
        }

        var memberRoles = await RolesOfAsync(db, member.Id, cancellationToken);
        if (memberRoles.Contains(ForumRoles.Admin) || (memberRoles.Contains(ForumRoles.Moderator) && !actor.IsAdmin))
        {
            return ForumError.Forbidden("Only an admin can suspend a moderator, and nobody can suspend an admin.");
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        member.SuspendedUntil = until?.ToUniversalTime() ?? BannedUntil;
        member.SuspensionReason = reason;
        db.ModerationLog.Add(LogEntry(actor, ModerationActions.SuspendMember, "member", member.Id, now,
            reason, member.Id, member.DisplayName, threadId, null));

        var published = new List<(IReadOnlyList<ThreadEvent> Events, List<Comment> Comments)>();
        if (scope != RemoveCommentsScope.None)
        {
            var query = db.Comments.Where(c => c.AuthorId == member.Id && c.State == CommentState.Visible);
            if (scope == RemoveCommentsScope.Thread)
            {
                query = query.Where(c => c.ThreadId == threadId);
            }

            var comments = await query.Include(c => c.Thread).ToListAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var inThread in comments.GroupBy(c => c.ThreadId))
            {
                var batch = Guid.NewGuid();
                var list = ParentsFirst(inThread);
                foreach (var comment in list)
                {
                    MarkRemoved(comment, actor, reason, batch, now);
                    db.ModerationLog.Add(LogEntry(actor, ModerationActions.RemoveComment, "comment", comment.Id, now, reason,
                        comment.AuthorId, comment.AuthorName, comment.ThreadId, comment.Body));
                }

                list[0].Thread!.CommentCount = Math.Max(0, list[0].Thread!.CommentCount - list.Count);
                var events = await ThreadEventLog.CommitWithEventsAsync(
                    db, inThread.Key, list.Select(c => new PendingThreadEvent(ThreadEventKind.Removed, c)).ToList(), now, cancellationToken);
                published.Add((events, list));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var (events, comments) in published)
        {
            await PublishAsync(events, comments);
        }

        var message = member.SuspendedUntil == BannedUntil
            ? "Your account has been banned. You can read but not post."
            : $"Your account is suspended until {member.SuspendedUntil:yyyy-MM-dd HH:mm} UTC. You can read but not post.";
        await bus.PublishAsync(new UserNotice(member.Id, "suspended", message));
        return true;
    }

    public async Task<ForumResult<bool>> UnsuspendAsync(ClaimsPrincipal? user, long memberId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await RequireModeratorAsync(db, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var member = await db.Users.SingleOrDefaultAsync(u => u.Id == memberId, cancellationToken);
        if (member is null)
        {
            return ForumError.NotFound("This member does not exist.");
        }

        if (member.SuspendedUntil is null)
        {
            return ForumError.Conflict("This member is not suspended.");
        }

        var now = Now;
        member.SuspendedUntil = null;
        member.SuspensionReason = null;
        db.ModerationLog.Add(LogEntry(actor!, ModerationActions.UnsuspendMember, "member", member.Id, now, null, member.Id, member.DisplayName, null, null));
        await db.SaveChangesAsync(cancellationToken);
        await bus.PublishAsync(new UserNotice(member.Id, "unsuspended", "Your account is active again."));
        return true;
    }

    public async Task<ForumResult<IReadOnlyList<ModerationLogView>>> GetLogAsync(
        ClaimsPrincipal? user, ModerationLogFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (_, refused) = await RequireModeratorAsync(db, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var query = db.ModerationLog.AsNoTracking();
        if (filter.ModeratorId is { } moderatorId)
        {
            query = query.Where(e => e.ModeratorId == moderatorId);
        }

        if (filter.MemberId is { } memberId)
        {
            query = query.Where(e => e.MemberId == memberId);
        }

        if (filter.ThreadId is { } threadId)
        {
            query = query.Where(e => e.ThreadId == threadId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(e => e.Action == filter.Action);
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.At <= to);
        }

        return await query
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(Math.Clamp(filter.Limit, 1, 1000))
            .Select(e => new ModerationLogView(e.Id, e.At, e.ModeratorName, e.Action, e.TargetType, e.TargetId, e.MemberName, e.ThreadId, e.Reason, e.RemovedText))
            .ToListAsync(cancellationToken);
    }

    public async Task<ForumResult<ModeratedCommentView>> GetCommentAsync(ClaimsPrincipal? user, long commentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (_, refused) = await RequireModeratorAsync(db, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var comment = await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment is null)
        {
            return ForumError.NotFound("This comment does not exist.");
        }

        var revisions = await db.CommentRevisions.AsNoTracking()
            .Where(r => r.CommentId == commentId)
            .OrderBy(r => r.ReplacedAt)
            .Select(r => new RevisionView(r.Body, r.WrittenAt, r.ReplacedAt))
            .ToListAsync(cancellationToken);
        var removedBy = comment.DeletedById is { } byId
            ? await db.Users.Where(u => u.Id == byId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new ModeratedCommentView(
            CommentView.From(comment),
            comment.State == CommentState.Visible ? null : comment.Body,
            removedBy,
            comment.DeletedAt,
            revisions);
    }

    /// <summary>The words behind every tombstone of a thread, for moderators reading it.</summary>
    public async Task<ForumResult<IReadOnlyDictionary<long, RemovedText>>> GetRemovedTextsAsync(
        ClaimsPrincipal? user, long threadId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (_, refused) = await RequireModeratorAsync(db, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var removed = await (
                from c in db.Comments.AsNoTracking()
                where c.ThreadId == threadId && c.State != CommentState.Visible
                join u in db.Users on c.DeletedById equals u.Id into removers
                from remover in removers.DefaultIfEmpty()
                select new RemovedText(c.Id, c.Body, remover == null ? null : remover.DisplayName, c.Reason, c.DeletedAt))
            .ToListAsync(cancellationToken);
        return removed.ToDictionary(r => r.CommentId);
    }

    /// <summary>
    /// Members whose id is the query, or whose display name contains it: the id first, then the exact name,
    /// then names starting with it, then the rest alphabetically.
    /// </summary>
    public async Task<ForumResult<IReadOnlyList<MemberSummary>>> FindMembersAsync(
        ClaimsPrincipal? user, string? query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (_, refused) = await RequireModeratorAsync(db, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var text = query?.Trim().TrimStart('#').Trim() ?? "";
        if (text.Length == 0)
        {
            return ForumError.Invalid("query", "Type a member id or a display name.");
        }

        if (text.Length > DisplayNames.MaxLength)
        {
            return Array.Empty<MemberSummary>();
        }

        long? id = long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
        var name = DisplayNames.Normalize(text);
        var found = await db.Users.AsNoTracking()
            .Where(u => u.Id == id || u.NormalizedDisplayName.Contains(name))
            .OrderBy(u => u.Id == id ? 0 : u.NormalizedDisplayName == name ? 1 : u.NormalizedDisplayName.StartsWith(name) ? 2 : 3)
            .ThenBy(u => u.NormalizedDisplayName)
            .Take(MaxMemberMatches)
            .ToListAsync(cancellationToken);
        return await SummariesOfAsync(db, found, cancellationToken);
    }

    /// <summary>Admins only: everyone who holds the moderator or admin role, by name.</summary>
    public async Task<ForumResult<IReadOnlyList<MemberSummary>>> ListModeratorsAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await ForumActor.LoadAsync(db, user, cancellationToken);
        if (actor is null)
        {
            return ForumError.SignInRequired();
        }

        if (!actor.IsAdmin || actor.IsSuspendedAt(Now))
        {
            return ForumError.Forbidden("Only an admin can see and change roles.");
        }

        var staff = await (
                from u in db.Users.AsNoTracking()
                where (from userRole in db.UserRoles
                       join role in db.Roles on userRole.RoleId equals role.Id
                       where role.Name == ForumRoles.Moderator || role.Name == ForumRoles.Admin
                       select userRole.UserId).Contains(u.Id)
                orderby u.NormalizedDisplayName
                select u)
            .ToListAsync(cancellationToken);
        return await SummariesOfAsync(db, staff, cancellationToken);
    }

    /// <summary>Admins only: makes a member a moderator or takes the role away.</summary>
    public async Task<ForumResult<bool>> SetModeratorAsync(ClaimsPrincipal? user, long memberId, string? role, bool grant, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await ForumActor.LoadAsync(db, user, cancellationToken);
        if (actor is null)
        {
            return ForumError.SignInRequired();
        }

        if (!actor.IsAdmin || actor.IsSuspendedAt(Now))
        {
            return ForumError.Forbidden("Only an admin can change roles.");
        }

        if (!string.Equals(role, "moderator", StringComparison.OrdinalIgnoreCase))
        {
            return ForumError.Invalid("role", "Only the \"moderator\" role is granted here.");
        }

        var member = await db.Users.SingleOrDefaultAsync(u => u.Id == memberId, cancellationToken);
        if (member is null)
        {
            return ForumError.NotFound("This member does not exist.");
        }

        var roleId = await db.Roles.Where(r => r.Name == ForumRoles.Moderator).Select(r => r.Id).SingleAsync(cancellationToken);
        var has = await db.UserRoles.AnyAsync(r => r.UserId == memberId && r.RoleId == roleId, cancellationToken);
        if (grant == has)
        {
            return false;
        }

        if (grant)
        {
            db.UserRoles.Add(new IdentityUserRole<long> { UserId = memberId, RoleId = roleId });
        }
        else
        {
            await db.UserRoles.Where(r => r.UserId == memberId && r.RoleId == roleId).ExecuteDeleteAsync(cancellationToken);
        }

        // A new stamp makes open sessions pick up the role change when they next revalidate.
        member.SecurityStamp = Guid.NewGuid().ToString("N");
        db.ModerationLog.Add(LogEntry(actor, grant ? ModerationActions.GrantModerator : ModerationActions.RevokeModerator, "member", member.Id, Now,
            null, member.Id, member.DisplayName, null, null));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    internal Task<(ForumActor? Actor, ForumError? Refused)> RequireModeratorAsync(
        ForumDbContext db, ClaimsPrincipal? user, CancellationToken cancellationToken) =>
        RequireModeratorAsync(db, user, Now, cancellationToken);

    /// <summary>A moderator or admin, not suspended, as the database says now.</summary>
    internal static async Task<(ForumActor? Actor, ForumError? Refused)> RequireModeratorAsync(
        ForumDbContext db, ClaimsPrincipal? user, DateTime now, CancellationToken cancellationToken)
    {
        var actor = await ForumActor.LoadAsync(db, user, cancellationToken);
        if (actor is null)
        {
            return (null, ForumError.SignInRequired());
        }

        return actor.IsModerator && !actor.IsSuspendedAt(now)
            ? (actor, null)
            : (actor, ForumError.Forbidden("Only moderators can do this."));
    }

    private static RemoveCommentsScope? ParseScope(string? raw) => raw?.Trim().ToLowerInvariant() switch
    {
        null or "" or "none" => RemoveCommentsScope.None,
        "thread" => RemoveCommentsScope.Thread,
        "all" => RemoveCommentsScope.All,
        _ => null,
    };

    internal static ForumError? CheckReason(string? reason)
    {
        if (reason is null)
        {
            return null;
        }

        if (TextRules.CountScalars(reason) > MaxReasonLength)
        {
            return ForumError.Invalid("reason", $"A reason has at most {MaxReasonLength} characters.");
        }

        return reason.Any(c => char.IsControl(c) && c is not '\n' and not '\t')
            ? ForumError.Invalid("reason", "The reason contains control characters that cannot be shown.")
            : null;
    }

    internal static void MarkRemoved(Comment comment, ForumActor moderator, string? reason, Guid batch, DateTime now)
    {
        comment.State = CommentState.RemovedByModerator;
        comment.DeletedAt = now;
        comment.DeletedById = moderator.Id;
        comment.Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        comment.RemovalBatchId = batch;
    }

    internal static ModerationLogEntry LogEntry(
        ForumActor moderator, string action, string targetType, long targetId, DateTime at, string? reason,
        long? memberId, string? memberName, long? threadId, string? removedText) => new()
    {
        At = at,
        ModeratorId = moderator.Id,
        ModeratorName = moderator.DisplayName,
        Action = action,
        TargetType = targetType,
        TargetId = targetId,
        MemberId = memberId,
        MemberName = memberName,
        ThreadId = threadId,
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        RemovedText = removedText,
    };

    internal Task PublishAsync(IReadOnlyList<ThreadEvent> events, IReadOnlyList<Comment> comments)
    {
        var byId = comments.ToDictionary(c => c.Id);
        return bus.PublishAsync(events
            .Select(e => new ThreadEventView(e.ThreadId, e.Seq, e.Kind, e.At, e.CommentId is { } id ? CommentView.From(byId[id]) : null))
            .ToList());
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<ForumResult<bool>> SetLockAsync(ClaimsPrincipal? user, long threadId, bool locked, string? reason, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await RequireModeratorAsync(db, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (CheckReason(reason) is { } badReason)
        {
            return badReason;
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var thread = await db.Threads.SingleOrDefaultAsync(t => t.Id == threadId && t.RemovedAt == null, cancellationToken);
        if (thread is null)
        {
            return ForumError.NotFound("This thread does not exist.");
        }

        if (thread.Locked == locked)
        {
            return ForumError.Conflict(locked ? "This thread is already locked." : "This thread is not locked.");
        }

        var now = Now;
        thread.Locked = locked;
        thread.LockReason = locked && !string.IsNullOrWhiteSpace(reason) ? reason.Trim() : null;
        db.ModerationLog.Add(LogEntry(actor!, locked ? ModerationActions.LockThread : ModerationActions.UnlockThread, "thread", thread.Id, now,
            reason, thread.AuthorId, thread.AuthorName, thread.Id, null));
        var events = await ThreadEventLog.CommitWithEventsAsync(
            db, thread.Id, [new PendingThreadEvent(locked ? ThreadEventKind.Locked : ThreadEventKind.Unlocked, null)], now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await bus.PublishAsync(events.Select(e => new ThreadEventView(e.ThreadId, e.Seq, e.Kind, e.At, null)).ToList());
        return true;
    }

    private static async Task<HashSet<string>> RolesOfAsync(ForumDbContext db, long userId, CancellationToken cancellationToken) =>
        (await (from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where userRole.UserId == userId
                select role.Name).ToListAsync(cancellationToken)).OfType<string>().ToHashSet();

    private static async Task<List<MemberSummary>> SummariesOfAsync(ForumDbContext db, List<ForumUser> users, CancellationToken cancellationToken)
    {
        var ids = users.Select(u => u.Id).ToList();
        var roles = (await (from userRole in db.UserRoles
                            join role in db.Roles on userRole.RoleId equals role.Id
                            where ids.Contains(userRole.UserId)
                            select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name ?? "");
        return users
            .Select(u => new MemberSummary(u.Id, u.DisplayName, u.CreatedAt, u.SuspendedUntil, u.SuspensionReason,
                roles[u.Id].Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }

    /// <summary>The comment with the given id and all its descendants, parents before replies.</summary>
    private static List<Comment> Subtree(List<Comment> threadComments, long rootId)
    {
        var inSubtree = new HashSet<long> { rootId };
        var ordered = CommentTreeOrder.Arrange(threadComments);
        var result = new List<Comment>();
        foreach (var comment in ordered)
        {
            if (comment.Id == rootId || (comment.ParentId is { } parentId && inSubtree.Contains(parentId)))
            {
                inSubtree.Add(comment.Id);
                result.Add(comment);
            }
        }

        return result;
    }

    // Events for a set of comments that need not form a tree: a parent's event always comes before its replies'.
    private static List<Comment> ParentsFirst(IEnumerable<Comment> comments) =>
        comments.OrderBy(c => c.Depth).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();
}

/// <summary>A member as moderators look them up: standing and roles, never their email.</summary>
public sealed record MemberSummary(
    long Id,
    string DisplayName,
    DateTime JoinedAt,
    DateTime? SuspendedUntil,
    string? SuspensionReason,
    IReadOnlyList<string> Roles)
{
    public bool IsBanned => SuspendedUntil >= ModerationService.BannedUntil;

    public bool IsModerator => Roles.Contains(ForumRoles.Moderator);

    public bool IsAdmin => Roles.Contains(ForumRoles.Admin);

    public bool IsSuspendedAt(DateTime now) => SuspendedUntil is { } until && until > now;
}
