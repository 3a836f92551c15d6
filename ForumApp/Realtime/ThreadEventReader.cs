using ForumApp.Data;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Realtime;

/// <summary>
/// Thread events read back from the database: for the events API, a hub join's catch-up and the sequence
/// watcher's gap filling alike. A removed thread has no events to read, so nothing of it streams again.
/// </summary>
public sealed class ThreadEventReader(IDbContextFactory<ForumDbContext> dbFactory)
{
    public const int MaxEventsPerRead = 1000;

    /// <summary>Up to <see cref="MaxEventsPerRead"/> events after <paramref name="afterSeq"/>, or null when the thread is not visible.</summary>
    public async Task<IReadOnlyList<ThreadEventView>?> ReadAsync(long threadId, long afterSeq, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (!await db.VisibleThreads().AnyAsync(t => t.Id == threadId, cancellationToken))
        {
            return null;
        }

        var rows = await (
                from e in db.ThreadEvents.AsNoTracking()
                where e.ThreadId == threadId && e.Seq > afterSeq
                orderby e.Seq
                join c in db.Comments.AsNoTracking() on e.CommentId equals c.Id into matches
                from c in matches.DefaultIfEmpty()
                select new { Event = e, Comment = c })
            .Take(MaxEventsPerRead)
            .ToListAsync(cancellationToken);

        // Events carry the comment as it is now: replaying them converges on the current thread
        // and never reveals words that were deleted since.
        return rows
            .Select(r => new ThreadEventView(
                r.Event.ThreadId,
                r.Event.Seq,
                r.Event.Kind,
                r.Event.At,
                r.Comment is null ? null : CommentView.From(r.Comment)))
            .ToList();
    }

    /// <summary>The newest sequence number of each of these threads that is still visible.</summary>
    public async Task<Dictionary<long, long>> LastSeqsAsync(IReadOnlyCollection<long> threadIds, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.VisibleThreads().AsNoTracking()
            .Where(t => threadIds.Contains(t.Id))
            .Select(t => new { t.Id, t.LastSeq })
            .ToDictionaryAsync(t => t.Id, t => t.LastSeq, cancellationToken);
    }

    /// <summary>Publishes stored events with their comments as they are now; the events' own comments (or none).</summary>
    public static IReadOnlyList<ThreadEventView> ViewsOf(IReadOnlyList<ThreadEvent> events, IReadOnlyList<Comment> comments)
    {
        var byId = comments.ToDictionary(c => c.Id);
        return events
            .Select(e => new ThreadEventView(e.ThreadId, e.Seq, e.Kind, e.At, e.CommentId is { } id ? CommentView.From(byId[id]) : null))
            .ToList();
    }
}
