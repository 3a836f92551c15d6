using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Threads;

/// <summary>
/// The "is replying" signal. Typing is writing: the same guard as posting decides it, and only for a
/// thread that is visible, so a suspended member or a removed thread never shows up as someone replying.
/// </summary>
public sealed class TypingService(IDbContextFactory<ForumDbContext> dbFactory, ForumGuard guard, PresenceTracker presence)
{
    /// <param name="watching">False when the caller has not joined the thread (the hub's rule): presence is never kept for threads nobody watches.</param>
    public async Task<ForumResult<bool>> MarkReplyingAsync(
        ClaimsPrincipal? user, long threadId, bool watching = true, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Write, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (!watching)
        {
            return ForumError.Conflict("Join the thread before replying to it.");
        }

        if (!await db.VisibleThreads().AnyAsync(t => t.Id == threadId, cancellationToken))
        {
            return ForumError.NotFound(ThreadService.NotFoundMessage);
        }

        presence.MarkReplying(threadId, actor!.DisplayName);
        return true;
    }

    /// <summary>
    /// Ends the member's "is replying" signal at once: they posted, closed the editor or left. Anyone may end
    /// their own signal, suspended or not, so the write guard is not asked; the name is the one typing used.
    /// </summary>
    public async Task StopReplyingAsync(ClaimsPrincipal? user, long threadId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await ForumActor.LoadAsync(db, user, cancellationToken) is { } actor)
        {
            presence.StopReplying(threadId, actor.DisplayName);
        }
    }
}
