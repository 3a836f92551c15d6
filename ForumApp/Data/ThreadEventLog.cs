using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

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
    /// <summary>
    /// Comments the caller has saved in its own transaction: the thread counts them, moves its last activity and
    /// hands out their seqs in one statement, and their <c>posted</c> events follow. The thread row's lock is what
    /// orders commits, so it is taken here, as the last thing before the caller commits, and on PostgreSQL the
    /// update and the event rows are one round trip (a lock held across round trips is held across the
    /// scheduling of two processes, which on a busy machine is most of a group's time).
    /// </summary>
    /// <param name="commit">
    /// Whether the caller's transaction ends here. On PostgreSQL the <c>COMMIT</c> then goes out with the thread row's
    /// statement, so the row's lock, which every instance's next group queues for, is released by the server as soon
    /// as the statement is done rather than after a round trip back to the app and a second one for the commit. The
    /// transaction is then over and the caller must not commit it; elsewhere the caller still commits.
    /// </param>
    /// <returns>The events, and whether this call committed the caller's transaction.</returns>
    public static async Task<(IReadOnlyList<ThreadEvent> Events, bool Committed)> AppendPostedAsync(
        ForumDbContext db, long threadId, IReadOnlyList<Comment> comments, DateTime at, bool commit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(comments.Count);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Posted events are appended inside the transaction that stores their comments.");
        }

        var count = comments.Count;
        var onPostgreSql = db.Database.IsNpgsql();
        long lastSeq;
        if (onPostgreSql)
        {
            lastSeq = await AppendPostedOnPostgreSqlAsync(db, threadId, comments, at, commit, cancellationToken);
        }
        else
        {
            var updated = await db.Threads
                .Where(t => t.Id == threadId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.LastSeq, t => t.LastSeq + count)
                    .SetProperty(t => t.CommentCount, t => t.CommentCount + count)
                    .SetProperty(t => t.LastActivityAt, at), cancellationToken);
            if (updated != 1)
            {
                throw new InvalidOperationException($"Thread {threadId} does not exist.");
            }

            lastSeq = await db.Threads.Where(t => t.Id == threadId).Select(t => t.LastSeq).SingleAsync(cancellationToken);
        }

        var events = new List<ThreadEvent>(count);
        var seq = lastSeq - count;
        foreach (var comment in comments)
        {
            events.Add(new ThreadEvent { ThreadId = threadId, Seq = ++seq, Kind = ThreadEventKind.Posted, At = at, CommentId = comment.Id });
        }

        if (!onPostgreSql)
        {
            db.ThreadEvents.AddRange(events);
            await db.SaveChangesAsync(cancellationToken);
        }

        return (events, onPostgreSql && commit);
    }

    private static async Task<long> AppendPostedOnPostgreSqlAsync(
        ForumDbContext db, long threadId, IReadOnlyList<Comment> comments, DateTime at, bool commit, CancellationToken cancellationToken)
    {
        // The comments' order in the array is their seq order: WITH ORDINALITY numbers them 1..n. A missing thread
        // row must fail the statement itself, before a COMMIT sent with it could store comments without events:
        // its seq is then NULL, which the NOT NULL column refuses. After an error the server skips the rest of the
        // command (Npgsql ends it with one Sync), so the COMMIT never runs and the transaction is rolled back.
        const string statement = """
            WITH thread AS (
                UPDATE "Threads" SET "LastSeq" = "LastSeq" + @count, "CommentCount" = "CommentCount" + @count, "LastActivityAt" = @at
                WHERE "Id" = @thread
                RETURNING "LastSeq")
            INSERT INTO "ThreadEvents" ("ThreadId", "Seq", "Kind", "At", "CommentId")
            SELECT @thread, thread."LastSeq" - @count + posted.ord, @kind, @at, posted.id
            FROM unnest(@ids) WITH ORDINALITY AS posted(id, ord) LEFT JOIN thread ON TRUE
            RETURNING "Seq" AS "Value"
            """;
        const string statementThenCommit = statement + ";\nCOMMIT";

        // Through EF rather than on the bare connection: the command is logged and intercepted like every other.
        var seqs = await db.Database.SqlQueryRaw<long>(
                commit ? statementThenCommit : statement,
                new NpgsqlParameter<long>("thread", NpgsqlDbType.Bigint) { TypedValue = threadId },
                new NpgsqlParameter<int>("count", NpgsqlDbType.Integer) { TypedValue = comments.Count },
                new NpgsqlParameter<DateTime>("at", NpgsqlDbType.TimestampTz) { TypedValue = DateTime.SpecifyKind(at, DateTimeKind.Utc) },
                new NpgsqlParameter<int>("kind", NpgsqlDbType.Integer) { TypedValue = (int)ThreadEventKind.Posted },
                new NpgsqlParameter<long[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = comments.Select(c => c.Id).ToArray() })
            .ToListAsync(cancellationToken);
        var rows = seqs.Count;
        var lastSeq = rows == 0 ? 0 : seqs.Max();
        if (rows != comments.Count)
        {
            throw new InvalidOperationException($"Thread {threadId} does not exist.");
        }

        return lastSeq;
    }

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
