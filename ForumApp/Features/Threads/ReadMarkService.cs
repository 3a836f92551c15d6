using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Threads;

/// <summary>What the reader saw when a thread page opened: the read mark then, and the comments new since.</summary>
public sealed record ReadingStart(long Mark, IReadOnlyList<NewComment> NewComments);

/// <summary>
/// Members' read marks. The thread page and the HTTP API both record reading through <see cref="MarkReadAsync"/>,
/// so the rules (signed in, a visible thread, a seq the thread has reached, forward only) hold for both.
/// </summary>
public sealed class ReadMarkService(IDbContextFactory<ForumDbContext> dbFactory, TimeProvider clock)
{
    public async Task<ForumResult<bool>> MarkReadAsync(ClaimsPrincipal? user, long threadId, long seq, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } userId)
        {
            return ForumError.SignInRequired();
        }

        if (seq < 0)
        {
            return ForumError.Invalid("seq", "The sequence number must be zero or more.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lastSeq = await db.VisibleThreads().Where(t => t.Id == threadId).Select(t => (long?)t.LastSeq).SingleOrDefaultAsync(cancellationToken);
        if (lastSeq is null)
        {
            return ForumError.NotFound(ThreadService.NotFoundMessage);
        }

        if (seq > lastSeq)
        {
            return ForumError.Invalid("seq", $"This thread has only reached sequence number {lastSeq}, so it cannot be read up to {seq}.");
        }

        await MoveForwardAsync(db, userId, threadId, seq, cancellationToken);
        return true;
    }

    /// <summary>
    /// Records reading up to the newest of <paramref name="commentIds"/> the member has seen on the page.
    /// Only comments posted after <paramref name="afterSeq"/> (the mark when the page opened) can move the mark.
    /// </summary>
    public async Task<ForumResult<bool>> MarkCommentsReadAsync(
        ClaimsPrincipal? user, long threadId, long afterSeq, IReadOnlyCollection<long> commentIds, CancellationToken cancellationToken = default)
    {
        if (commentIds.Count == 0)
        {
            return true;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var highest = await db.ThreadEvents
            .Where(e => e.ThreadId == threadId && e.Seq > afterSeq && e.Kind == ThreadEventKind.Posted && e.CommentId != null && commentIds.Contains(e.CommentId.Value))
            .MaxAsync(e => (long?)e.Seq, cancellationToken);
        return highest is { } seq ? await MarkReadAsync(user, threadId, seq, cancellationToken) : true;
    }

    /// <summary>The member's mark on the thread and the comments by others posted after it; nothing for anonymous readers.</summary>
    public async Task<ReadingStart?> StartReadingAsync(ClaimsPrincipal? user, long threadId, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } userId)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mark = await db.ReadMarks.Where(m => m.UserId == userId && m.ThreadId == threadId).Select(m => m.Seq).SingleOrDefaultAsync(cancellationToken);
        return new ReadingStart(mark, await UnreadCounts.ListAsync(db, userId, threadId, cancellationToken));
    }

    /// <summary>The member's unread count for each of the threads (threads with nothing unread are left out).</summary>
    public async Task<IReadOnlyDictionary<long, int>> CountUnreadAsync(
        ClaimsPrincipal? user, IReadOnlyCollection<long> threadIds, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } userId)
        {
            return new Dictionary<long, int>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await UnreadCounts.ReadAsync(db, userId, threadIds, cancellationToken);
    }

    /// <summary>
    /// Raises the mark to <paramref name="seq"/> unless it is already there or beyond. The conditional update is
    /// atomic on every provider; when no row exists yet, an insert races other inserts and the loser updates.
    /// </summary>
    private async Task MoveForwardAsync(ForumDbContext db, long userId, long threadId, long seq, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            var raised = await db.ReadMarks
                .Where(m => m.UserId == userId && m.ThreadId == threadId && m.Seq < seq)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Seq, seq).SetProperty(m => m.At, now), cancellationToken);
            if (raised > 0 || await db.ReadMarks.AnyAsync(m => m.UserId == userId && m.ThreadId == threadId, cancellationToken))
            {
                return;
            }

            db.ReadMarks.Add(new ReadMark { UserId = userId, ThreadId = threadId, Seq = seq, At = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception) && attempt == 0)
            {
                // Another request stored the first mark meanwhile: raise that one instead.
                db.ChangeTracker.Clear();
            }
        }
    }
}
