using System.Globalization;
using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Features.Notifications;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Moderation;

/// <summary>Moderators suspend and unsuspend members (optionally removing their comments) and look members up.</summary>
public sealed class MemberModerationService(IDbContextFactory<ForumDbContext> dbFactory, ForumGuard guard, ForumEventBus bus)
{
    /// <summary>A member search shows at most this many matches; a longer list means the query is too vague.</summary>
    public const int MaxMemberMatches = 20;

    /// <summary>A ban is a suspension without end.</summary>
    public static readonly DateTime BannedUntil = GuardMessages.BannedUntil;

    /// <param name="until">Null bans the member for good.</param>
    /// <param name="removeComments">"none", "thread" or "all", as pages and the API name it.</param>
    public Task<ForumResult<bool>> SuspendAsync(
        ClaimsPrincipal? user, long memberId, DateTime? until, string? reason, string? removeComments, long? threadId,
        CancellationToken cancellationToken = default) =>
        SuspendCoreAsync(user, memberId, until, reason, RemoveCommentsScopes.Parse(removeComments), threadId, cancellationToken);

    /// <param name="until">Null bans the member for good.</param>
    public Task<ForumResult<bool>> SuspendAsync(
        ClaimsPrincipal? user, long memberId, DateTime? until, string? reason, RemoveCommentsScope scope, long? threadId,
        CancellationToken cancellationToken = default) =>
        SuspendCoreAsync(user, memberId, until, reason, scope, threadId, cancellationToken);

    private async Task<ForumResult<bool>> SuspendCoreAsync(
        ClaimsPrincipal? user, long memberId, DateTime? until, string? reason, RemoveCommentsScope? scope, long? threadId,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Moderate, cancellationToken);
        if ((refused ?? (scope is null ? RemoveCommentsScopes.Invalid : null) ?? ModerationLog.CheckReason(reason)) is { } error)
        {
            return error;
        }

        var now = guard.Now;
        if (until is { } end && end.ToUniversalTime() <= now)
        {
            return ForumError.Invalid("until", "The suspension must end in the future (or give no end for a ban).");
        }

        if (scope == RemoveCommentsScope.Thread && threadId is null)
        {
            return ForumError.Invalid("threadId", "Say which thread to remove the member's comments from.");
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var member = await db.Users.SingleOrDefaultAsync(u => u.Id == memberId, cancellationToken);
        if (member is null)
        {
            return ForumError.NotFound(MemberSummaries.NotFoundMessage);
        }

        if (member.Id == actor!.Id)
        {
            return ForumError.Invalid("id", "You cannot suspend yourself.");
        }

        var memberRoles = await MemberSummaries.RolesOfAsync(db, member.Id, cancellationToken);
        if (memberRoles.Contains(ForumRoles.Admin) || (memberRoles.Contains(ForumRoles.Moderator) && !actor.IsAdmin))
        {
            return ForumError.Forbidden("Only an admin can suspend a moderator, and nobody can suspend an admin.");
        }

        member.SuspendedUntil = until?.ToUniversalTime() ?? BannedUntil;
        member.SuspensionReason = reason;
        db.ModerationLog.Add(ModerationLog.ForMember(actor, ModerationActions.SuspendMember, member, now, reason, threadId));
        await db.SaveChangesAsync(cancellationToken);

        var published = new List<ThreadEventView>();
        if (scope != RemoveCommentsScope.None)
        {
            var query = db.Comments.Where(c => c.AuthorId == member.Id && c.State == CommentState.Visible);
            if (scope == RemoveCommentsScope.Thread)
            {
                query = query.Where(c => c.ThreadId == threadId);
            }

            foreach (var inThread in (await query.Include(c => c.Thread).ToListAsync(cancellationToken)).GroupBy(c => c.ThreadId))
            {
                var comments = CommentModerationService.ParentsFirst(inThread);
                var thread = comments[0].Thread!;
                var events = await CommentModerationService.RemoveInThreadAsync(db, actor, thread, comments, reason, Guid.NewGuid(), now, cancellationToken);

                // The comments go in a removed thread too (they stay gone if it comes back), but it streams nothing.
                if (thread.RemovedAt is null)
                {
                    published.AddRange(events);
                }
            }
        }

        var notified = await NotificationNotices.AddAsync(
            db, [member.Id], NotificationKind.Suspended, threadId: null, commentId: null, reason, now, actor.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (published.Count > 0)
        {
            await bus.PublishAsync(published);
        }

        await NotificationNotices.PublishAsync(db, bus, notified, cancellationToken);

        await bus.PublishAsync(new UserNotice(member.Id, UserNoticeKind.Suspended, GuardMessages.Suspended(member.SuspendedUntil.Value)));
        return true;
    }

    /// <summary>The signed-in member's own suspension, to be shown to them with its reason; null when they may post.</summary>
    public async Task<OwnSuspension?> GetOwnSuspensionAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } id)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new { u.SuspendedUntil, u.SuspensionReason })
            .SingleOrDefaultAsync(cancellationToken);
        return row?.SuspendedUntil is { } until && until > guard.Now ? new OwnSuspension(until, row.SuspensionReason) : null;
    }

    public async Task<ForumResult<bool>> UnsuspendAsync(ClaimsPrincipal? user, long memberId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Moderate, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var member = await db.Users.SingleOrDefaultAsync(u => u.Id == memberId, cancellationToken);
        if (member is null)
        {
            return ForumError.NotFound(MemberSummaries.NotFoundMessage);
        }

        if (member.SuspendedUntil is null)
        {
            return ForumError.Conflict("This member is not suspended.");
        }

        member.SuspendedUntil = null;
        member.SuspensionReason = null;
        db.ModerationLog.Add(ModerationLog.ForMember(actor!, ModerationActions.UnsuspendMember, member, guard.Now, null));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await bus.PublishAsync(new UserNotice(member.Id, UserNoticeKind.Unsuspended, "Your account is active again."));
        return true;
    }

    /// <summary>Every member suspended now, the soonest back first (bans last), for the moderators' list.</summary>
    public async Task<ForumResult<IReadOnlyList<MemberSummary>>> ListSuspendedAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await guard.RefuseAsync(db, user, ForumPermission.Moderate, cancellationToken) is { } refused)
        {
            return refused;
        }

        var now = guard.Now;
        var suspended = await db.Users.AsNoTracking()
            .Where(u => u.SuspendedUntil != null && u.SuspendedUntil > now)
            .OrderBy(u => u.SuspendedUntil).ThenBy(u => u.Id)
            .Take(MaxSuspendedListed)
            .ToListAsync(cancellationToken);
        return await MemberSummaries.OfAsync(db, suspended, cancellationToken);
    }

    /// <summary>The suspended list's length; more than this many suspended at once is a list for the API.</summary>
    public const int MaxSuspendedListed = 200;

    /// <summary>
    /// Members whose id is the query, or whose display name contains it: the id first, then the exact name,
    /// then names starting with it, then the rest alphabetically.
    /// </summary>
    public async Task<ForumResult<IReadOnlyList<MemberSummary>>> FindMembersAsync(
        ClaimsPrincipal? user, string? query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await guard.RefuseAsync(db, user, ForumPermission.Moderate, cancellationToken) is { } refused)
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

        long? id = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var name = DisplayNames.Normalize(text);
        var found = await db.Users.AsNoTracking()
            .Where(u => u.Id == id || u.NormalizedDisplayName.Contains(name))
            .OrderBy(u => u.Id == id ? 0 : u.NormalizedDisplayName == name ? 1 : u.NormalizedDisplayName.StartsWith(name) ? 2 : 3)
            .ThenBy(u => u.NormalizedDisplayName)
            .Take(MaxMemberMatches)
            .ToListAsync(cancellationToken);
        return await MemberSummaries.OfAsync(db, found, cancellationToken);
    }
}
