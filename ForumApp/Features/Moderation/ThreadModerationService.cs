using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Features.Formatting;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Moderation;

/// <summary>
/// Moderators lock, unlock, remove, restore and edit threads. Each action reads the thread inside its write
/// transaction and runs again on a concurrency conflict, so simultaneous moderator and member actions on a
/// thread answer success or 409, never an unhandled error.
/// </summary>
public sealed class ThreadModerationService(
    IDbContextFactory<ForumDbContext> dbFactory,
    BodyRenderer renderer,
    ForumGuard guard,
    ForumEventBus bus)
{
    private const string ChangedMeanwhile = "The thread changed while you were acting on it. Reload it and try again.";

    public Task<ForumResult<bool>> LockThreadAsync(ClaimsPrincipal? user, long threadId, string? reason, CancellationToken cancellationToken = default) =>
        SetLockAsync(user, threadId, locked: true, reason, cancellationToken);

    public Task<ForumResult<bool>> UnlockThreadAsync(ClaimsPrincipal? user, long threadId, CancellationToken cancellationToken = default) =>
        SetLockAsync(user, threadId, locked: false, null, cancellationToken);

    /// <summary>A pinned thread heads the list (newest pin first) until unpinned; pins are not thread events.</summary>
    public Task<ForumResult<bool>> PinThreadAsync(ClaimsPrincipal? user, long threadId, CancellationToken cancellationToken = default) =>
        SetPinAsync(user, threadId, pinned: true, cancellationToken);

    public Task<ForumResult<bool>> UnpinThreadAsync(ClaimsPrincipal? user, long threadId, CancellationToken cancellationToken = default) =>
        SetPinAsync(user, threadId, pinned: false, cancellationToken);

    /// <summary>
    /// A removed thread disappears from every read and stops streaming: its viewers get nothing more of it,
    /// and moderators' comment actions in it answer 404, until it is restored.
    /// </summary>
    public async Task<ForumResult<bool>> SetThreadRemovedAsync(
        ClaimsPrincipal? user, long threadId, bool removed, string? reason, CancellationToken cancellationToken = default) =>
        await PublishListChangeAsync(threadId, await ChangeThreadAsync(user, threadId, reason, includeRemoved: true, async (db, thread, actor, now) =>
        {
            if (removed == thread.RemovedAt.HasValue)
            {
                return ForumError.Conflict(removed ? "This thread is already removed." : "This thread is not removed.");
            }

            thread.RemovedAt = removed ? now : null;
            thread.RemovedReason = removed ? ModerationLog.Clean(reason) : null;
            db.ModerationLog.Add(ModerationLog.ForThread(actor, removed ? ModerationActions.RemoveThread : ModerationActions.RestoreThread, thread, now,
                reason, removed ? $"{thread.Title}\n\n{thread.Body}" : null));
            await db.SaveChangesAsync(cancellationToken);
            return NoEvents;
        }, cancellationToken));

    public async Task<ForumResult<bool>> EditThreadAsync(
        ClaimsPrincipal? user, long threadId, string? title, string? body, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Moderate, cancellationToken);
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

        return await ConcurrencyRetry.RunAsync<bool>(async () =>
        {
            await using var attempt = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await attempt.Database.BeginWriteTransactionAsync(cancellationToken);
            var thread = await attempt.Threads.SingleOrDefaultAsync(t => t.Id == threadId, cancellationToken);
            if (thread is null)
            {
                return ForumError.NotFound(ThreadService.NotFoundMessage);
            }

            attempt.ModerationLog.Add(ModerationLog.ForThread(actor!, ModerationActions.EditThread, thread, guard.Now, null, $"{thread.Title}\n\n{thread.Body}"));
            thread.Title = cleanTitle;
            thread.Slug = Slug.FromTitle(cleanTitle);
            thread.Body = text;
            thread.BodyHtml = renderer.ToHtml(text, thread.BodyFormat);
            await attempt.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, ChangedMeanwhile) is var edited && edited.Error is null ? await PublishListChangeAsync(threadId, edited) : edited;
    }

    /// <summary>A thread that left, came back or got a new title changes the list no comment event tells of.</summary>
    private async Task<ForumResult<bool>> PublishListChangeAsync(long threadId, ForumResult<bool> changed)
    {
        if (changed.Error is null)
        {
            await bus.PublishAsync(new ThreadListChanged(threadId));
        }

        return changed;
    }

    private async Task<ForumResult<bool>> SetPinAsync(ClaimsPrincipal? user, long threadId, bool pinned, CancellationToken cancellationToken)
    {
        var changed = await ChangeThreadAsync(user, threadId, null, includeRemoved: false, async (db, thread, actor, now) =>
        {
            if ((thread.PinnedAt is not null) == pinned)
            {
                return ForumError.Conflict(pinned ? "This thread is already pinned." : "This thread is not pinned.");
            }

            thread.PinnedAt = pinned ? now : null;
            db.ModerationLog.Add(ModerationLog.ForThread(actor, pinned ? ModerationActions.PinThread : ModerationActions.UnpinThread, thread, now, null, null));
            await db.SaveChangesAsync(cancellationToken);
            return NoEvents;
        }, cancellationToken);
        if (changed.Error is null)
        {
            await bus.PublishAsync(new ThreadListChanged(threadId, pinned));
        }

        return changed;
    }

    private Task<ForumResult<bool>> SetLockAsync(ClaimsPrincipal? user, long threadId, bool locked, string? reason, CancellationToken cancellationToken) =>
        ChangeThreadAsync(user, threadId, reason, includeRemoved: false, async (db, thread, actor, now) =>
        {
            if (thread.Locked == locked)
            {
                return ForumError.Conflict(locked ? "This thread is already locked." : "This thread is not locked.");
            }

            thread.Locked = locked;
            thread.LockReason = locked ? ModerationLog.Clean(reason) : null;
            db.ModerationLog.Add(ModerationLog.ForThread(actor, locked ? ModerationActions.LockThread : ModerationActions.UnlockThread, thread, now, reason, null));
            var events = await ThreadEventLog.CommitWithEventsAsync(
                db, thread.Id, [new PendingThreadEvent(locked ? ThreadEventKind.Locked : ThreadEventKind.Unlocked, null)], now, cancellationToken);
            return ForumResult<IReadOnlyList<ThreadEventView>>.Of(ThreadEventReader.ViewsOf(events, []));
        }, cancellationToken);

    /// <summary>
    /// One moderator change of one thread: the guard, the reason, the thread read inside the write transaction,
    /// the change, the commit, then its events published. Runs again from a fresh read on a concurrency conflict.
    /// </summary>
    private Task<ForumResult<bool>> ChangeThreadAsync(
        ClaimsPrincipal? user, long threadId, string? reason, bool includeRemoved,
        Func<ForumDbContext, ForumThread, ForumActor, DateTime, Task<ForumResult<IReadOnlyList<ThreadEventView>>>> change,
        CancellationToken cancellationToken) =>
        ConcurrencyRetry.RunAsync<bool>(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Moderate, cancellationToken);
            if ((refused ?? ModerationLog.CheckReason(reason)) is { } error)
            {
                return error;
            }

            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var thread = await (includeRemoved ? db.Threads : db.VisibleThreads()).SingleOrDefaultAsync(t => t.Id == threadId, cancellationToken);
            if (thread is null)
            {
                return ForumError.NotFound(ThreadService.NotFoundMessage);
            }

            var changed = await change(db, thread, actor!, guard.Now);
            if (changed.Value is not { } events)
            {
                return changed.Error!;
            }

            await transaction.CommitAsync(cancellationToken);
            if (events.Count > 0)
            {
                await bus.PublishAsync(events);
            }

            return true;
        }, ChangedMeanwhile);

    private static ForumResult<IReadOnlyList<ThreadEventView>> NoEvents => ForumResult<IReadOnlyList<ThreadEventView>>.Of([]);
}
