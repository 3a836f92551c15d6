using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Features.Formatting;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Moderation;

/// <summary>
/// The moderation log: every moderator action writes an entry in the transaction of the change it records
/// (with the words it took away), and moderators read it back filtered.
/// </summary>
public sealed class ModerationLog(IDbContextFactory<ForumDbContext> dbFactory, ForumGuard guard)
{
    public const int MaxReasonLength = 500;

    public async Task<ForumResult<IReadOnlyList<ModerationLogView>>> GetLogAsync(
        ClaimsPrincipal? user, ModerationLogFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await guard.RefuseAsync(db, user, ForumPermission.Moderate, cancellationToken) is { } refused)
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

        // Moderators know each other and members by name, not by id: any part of the name, in any case.
        if (NamePattern(filter.ModeratorName) is { } moderatorName)
        {
            query = query.Where(e => EF.Functions.Like(e.ModeratorName, moderatorName, Escape));
        }

        if (NamePattern(filter.MemberName) is { } memberName)
        {
            query = query.Where(e => e.MemberName != null && EF.Functions.Like(e.MemberName, memberName, Escape));
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
            .Select(e => new ModerationLogView(e.Id, e.At, e.ModeratorName, e.Action, e.TargetType, e.TargetId, e.MemberName, e.ThreadId, e.Reason, e.RemovedText,
                db.Threads.Where(t => t.Id == e.ThreadId).Select(t => t.Title).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    private const string Escape = "\\";

    private static string? NamePattern(string? name) =>
        string.IsNullOrWhiteSpace(name)
            ? null
            : $"%{name.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";

    /// <summary>Null when the reason is acceptable (or absent); otherwise the field error.</summary>
    public static ForumError? CheckReason(string? reason)
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

    /// <summary>A reason as stored: trimmed, and null when there is nothing to say.</summary>
    public static string? Clean(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    internal static ModerationLogEntry Entry(
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
        Reason = Clean(reason),
        RemovedText = removedText,
    };

    internal static ModerationLogEntry ForComment(ForumActor moderator, string action, Comment comment, DateTime at, string? reason, string? removedText) =>
        Entry(moderator, action, ModerationTargets.Comment, comment.Id, at, reason, comment.AuthorId, comment.AuthorName, comment.ThreadId, removedText);

    internal static ModerationLogEntry ForThread(ForumActor moderator, string action, ForumThread thread, DateTime at, string? reason, string? removedText) =>
        Entry(moderator, action, ModerationTargets.Thread, thread.Id, at, reason, thread.AuthorId, thread.AuthorName, thread.Id, removedText);

    internal static ModerationLogEntry ForMember(ForumActor moderator, string action, ForumUser member, DateTime at, string? reason, long? threadId = null) =>
        Entry(moderator, action, ModerationTargets.Member, member.Id, at, reason, member.Id, member.DisplayName, threadId, null);
}
