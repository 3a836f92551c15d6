using System.Globalization;
using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Notifications;

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, string? NextCursor);

public sealed record NotificationPreferenceView(NotificationKind Kind, string Name, string Label, bool Enabled);

public sealed record MutedThreadView(long ThreadId, string Title, string Url);

/// <summary>A member's own notifications, preferences and muted threads; every method reads the caller's principal.</summary>
public sealed class NotificationService(IDbContextFactory<ForumDbContext> dbFactory, ForumEventBus bus, TimeProvider clock)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxIdsPerRead = 500;

    /// <summary>Newest first; the cursor is the id of the last item of the previous page.</summary>
    public async Task<ForumResult<NotificationPage>> ListAsync(
        ClaimsPrincipal? user, int? limit, string? cursor, bool unreadOnly, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } userId)
        {
            return ForumError.SignInRequired();
        }

        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
        {
            return ForumError.Invalid("limit", $"The limit is a whole number from 1 to {MaxLimit}.");
        }

        long? before = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed <= 0)
            {
                return ForumError.Invalid("cursor", "The cursor is not one this list gave out.");
            }

            before = parsed;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Notifications.AsNoTracking().Where(n => n.RecipientId == userId);
        if (unreadOnly)
        {
            query = query.Where(n => !n.Read);
        }

        if (before is { } id)
        {
            query = query.Where(n => n.Id < id);
        }

        var rows = await query.OrderByDescending(n => n.Id).Take(size + 1).ToListAsync(cancellationToken);
        var page = rows.Take(size).ToList();
        var next = rows.Count > size ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return new NotificationPage(await NotificationReader.ViewsAsync(db, page, cancellationToken), next);
    }

    public async Task<ForumResult<int>> UnreadCountAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } userId)
        {
            return ForumError.SignInRequired();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.CountAsync(n => n.RecipientId == userId && !n.Read, cancellationToken);
    }

    /// <summary>Marks the given notifications (only the caller's own; others' ids are passed over) or all of them read.</summary>
    public async Task<ForumResult<int>> MarkReadAsync(
        ClaimsPrincipal? user, IReadOnlyCollection<long>? ids, bool all, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } userId)
        {
            return ForumError.SignInRequired();
        }

        if (!all && (ids is null || ids.Count == 0))
        {
            return ForumError.Invalid("ids", "Give the ids of the notifications to mark read, or all: true.");
        }

        if (!all && ids!.Count > MaxIdsPerRead)
        {
            return ForumError.Invalid("ids", $"At most {MaxIdsPerRead} ids at a time; use all: true for everything.");
        }

        if (!all && ids!.Any(id => id <= 0))
        {
            return ForumError.Invalid("ids", "Notification ids are positive whole numbers.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Notifications.Where(n => n.RecipientId == userId && !n.Read);
        if (!all)
        {
            var list = ids!.Distinct().ToList();
            query = query.Where(n => list.Contains(n.Id));
        }

        var marked = await query.ExecuteUpdateAsync(s => s.SetProperty(n => n.Read, true), cancellationToken);
        if (marked > 0)
        {
            // The member's other pages (another tab, the bell) count down too.
            await bus.PublishAsync(new UserNotice(userId, UserNoticeKind.NotificationsRead, null));
        }

        return marked;
    }

    public async Task<ForumResult<IReadOnlyList<NotificationPreferenceView>>> GetPreferencesAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } userId)
        {
            return ForumError.SignInRequired();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var off = await db.NotificationPreferences.AsNoTracking()
            .Where(p => p.UserId == userId && !p.Enabled)
            .Select(p => p.Kind)
            .ToListAsync(cancellationToken);
        return ForumResult<IReadOnlyList<NotificationPreferenceView>>.Of(NotificationKinds.All
            .Select(k => new NotificationPreferenceView(k, NotificationKinds.WireName(k), NotificationKinds.Label(k), !off.Contains(k)))
            .ToList());
    }

    public async Task<ForumResult<bool>> SetPreferenceAsync(ClaimsPrincipal? user, NotificationKind kind, bool enabled, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } userId)
        {
            return ForumError.SignInRequired();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var preference = await db.NotificationPreferences.SingleOrDefaultAsync(p => p.UserId == userId && p.Kind == kind, cancellationToken);
        if (preference is null)
        {
            db.NotificationPreferences.Add(new NotificationPreference { UserId = userId, Kind = kind, Enabled = enabled });
        }
        else
        {
            preference.Enabled = enabled;
        }

        await db.SaveChangesAsync(cancellationToken);
        return enabled;
    }

    public async Task<ForumResult<bool>> IsMutedAsync(ClaimsPrincipal? user, long threadId, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } userId)
        {
            return ForumError.SignInRequired();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ThreadMutes.AnyAsync(m => m.UserId == userId && m.ThreadId == threadId, cancellationToken);
    }

    /// <summary>Mutes or unmutes a visible thread for the caller; the answer is whether it is muted now.</summary>
    public async Task<ForumResult<bool>> SetMutedAsync(ClaimsPrincipal? user, long threadId, bool muted, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } userId)
        {
            return ForumError.SignInRequired();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.ThreadMutes.SingleOrDefaultAsync(m => m.UserId == userId && m.ThreadId == threadId, cancellationToken);
        if (muted && existing is null)
        {
            if (!await db.Threads.AnyAsync(t => t.Id == threadId && t.RemovedAt == null, cancellationToken))
            {
                return ForumError.NotFound("This thread does not exist.");
            }

            db.ThreadMutes.Add(new ThreadMute { UserId = userId, ThreadId = threadId, MutedAt = clock.GetUtcNow().UtcDateTime });
        }
        else if (!muted && existing is not null)
        {
            db.ThreadMutes.Remove(existing);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception))
        {
            // Muted twice at once (two tabs): muted is muted.
        }

        return muted;
    }

    public async Task<ForumResult<IReadOnlyList<MutedThreadView>>> ListMutedAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } userId)
        {
            return ForumError.SignInRequired();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
                from mute in db.ThreadMutes.AsNoTracking()
                join thread in db.Threads on mute.ThreadId equals thread.Id
                where mute.UserId == userId && thread.RemovedAt == null
                orderby mute.MutedAt descending
                select new { thread.Id, thread.Title, thread.Slug })
            .ToListAsync(cancellationToken);
        return ForumResult<IReadOnlyList<MutedThreadView>>.Of(rows.Select(t => new MutedThreadView(t.Id, t.Title, $"/t/{t.Id}/{t.Slug}")).ToList());
    }
}
