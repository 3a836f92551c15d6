using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data;

/// <summary>A change to record as a thread event; the comment may still be unsaved when it is queued.</summary>
public readonly record struct PendingThreadEvent(ThreadEventKind Kind, Comment? Comment);

/// <summary>
/// The single way to write to a thread: the change and its events are committed together, and
/// sequence numbers come from an atomic increment of <see cref="ForumThread.LastSeq"/>, never from MAX()+1.
/// The row lock taken by that increment also makes events commit in sequence order per thread.
/// </summary>
public static class ThreadEventLog
{
    public static async Task<IReadOnlyList<ThreadEvent>> CommitWithEventsAsync(
        ForumDbContext db,
        long threadId,
        IReadOnlyList<PendingThreadEvent> changes,
        DateTime at,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(changes.Count);

        // Join a transaction the caller opened (e.g. to create the thread first); otherwise own one.
        var ownTransaction = db.Database.CurrentTransaction is null
            ? await db.Database.BeginWriteTransactionAsync(cancellationToken)
            : null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);

            var count = changes.Count;
            var updated = await db.Threads
                .Where(t => t.Id == threadId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastSeq, t => t.LastSeq + count), cancellationToken);
            if (updated != 1)
            {
                throw new InvalidOperationException($"Thread {threadId} does not exist.");
            }

            var lastSeq = await db.Threads
                .Where(t => t.Id == threadId)
                .Select(t => t.LastSeq)
                .SingleAsync(cancellationToken);

            var events = new List<ThreadEvent>(count);
            var seq = lastSeq - count;
            foreach (var change in changes)
            {
                events.Add(new ThreadEvent
                {
                    ThreadId = threadId,
                    Seq = ++seq,
                    Kind = change.Kind,
                    At = at,
                    CommentId = change.Comment?.Id,
                });
            }

            db.ThreadEvents.AddRange(events);
            await db.SaveChangesAsync(cancellationToken);

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return events;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }
}
