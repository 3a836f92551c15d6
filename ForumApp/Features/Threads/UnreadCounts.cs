using ForumApp.Data;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Threads;

/// <summary>
/// What a member has not read: visible comments by others whose posted event comes after the member's read
/// mark (a thread never opened counts all of them). The posted events carry each comment's seq, so the
/// count needs nothing stored beside the comments, and one grouped query answers for a whole page of threads.
/// </summary>
internal static class UnreadCounts
{
    public static async Task<Dictionary<long, int>> ReadAsync(
        ForumDbContext db, long userId, IReadOnlyCollection<long> threadIds, CancellationToken cancellationToken)
    {
        if (threadIds.Count == 0)
        {
            return [];
        }

        return await NewPosts(db, userId, db.ThreadEvents.Where(e => threadIds.Contains(e.ThreadId)))
            .GroupBy(e => e.ThreadId)
            .Select(inThread => new { ThreadId = inThread.Key, Count = inThread.Count() })
            .ToDictionaryAsync(c => c.ThreadId, c => c.Count, cancellationToken);
    }

    /// <summary>The comments of one thread that are new to the member, in the order they were posted.</summary>
    public static Task<List<NewComment>> ListAsync(ForumDbContext db, long userId, long threadId, CancellationToken cancellationToken) =>
        NewPosts(db, userId, db.ThreadEvents.Where(e => e.ThreadId == threadId))
            .OrderBy(e => e.Seq)
            .Select(e => new NewComment(e.CommentId!.Value, e.Seq))
            .ToListAsync(cancellationToken);

    /// <summary>The posted events among <paramref name="events"/> of comments still visible, by others, after the member's mark.</summary>
    private static IQueryable<ThreadEvent> NewPosts(ForumDbContext db, long userId, IQueryable<ThreadEvent> events) =>
        from posted in events
        where posted.Kind == ThreadEventKind.Posted
        join comment in db.Comments on posted.CommentId equals (long?)comment.Id
        where comment.State == CommentState.Visible && comment.AuthorId != userId
            && posted.Seq > (db.ReadMarks.Where(m => m.UserId == userId && m.ThreadId == posted.ThreadId).Select(m => (long?)m.Seq).FirstOrDefault() ?? 0)
        select posted;
}

/// <summary>A comment new to the reader, with the seq of its posted event.</summary>
public sealed record NewComment(long CommentId, long Seq);
