using ForumApp.Data;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Comments;

// Every database statement the writer issues of its own, in one place: the batch facts, the counters, the replay lookup.
// PostgreSQL reads the facts and inserts a group with statements of its own (CommentWriter.PostgreSql.cs).
public sealed partial class CommentWriter
{
    /// <summary>Everything a batch's decisions depend on, read in four queries inside its transaction (one on PostgreSQL).</summary>
    private sealed record BatchFacts(
        Dictionary<long, bool> Threads,
        Dictionary<long, (long ThreadId, CommentState State, int Depth)> Parents,
        Dictionary<long, (string DisplayName, DateTime? SuspendedUntil)> Authors,
        Dictionary<(long AuthorId, string RequestId), long> EarlierRequests)
    {
        public static async Task<BatchFacts> ReadAsync(ForumDbContext db, List<CommentDraft> drafts)
        {
            var threadIds = drafts.Select(d => d.ThreadId).Distinct().ToList();
            // Visible threads only, locked or not: a removed thread is refused like one that does not exist.
            var threads = await db.VisibleThreads().AsNoTracking()
                .Where(t => threadIds.Contains(t.Id))
                .Select(t => new { t.Id, t.Locked })
                .ToDictionaryAsync(t => t.Id, t => t.Locked);

            var parentIds = drafts.Where(d => d.ParentId is not null).Select(d => d.ParentId!.Value).Distinct().ToList();
            var parents = parentIds.Count == 0
                ? []
                : await db.Comments.AsNoTracking()
                    .Where(c => parentIds.Contains(c.Id))
                    .Select(c => new { c.Id, c.ThreadId, c.State, c.Depth })
                    .ToDictionaryAsync(c => c.Id, c => (c.ThreadId, c.State, c.Depth));

            var authorIds = drafts.Select(d => d.Author.Id).Distinct().ToList();
            var authors = await db.Users.AsNoTracking()
                .Where(u => authorIds.Contains(u.Id))
                .Select(u => new { u.Id, u.DisplayName, u.SuspendedUntil })
                .ToDictionaryAsync(u => u.Id, u => (u.DisplayName, u.SuspendedUntil));

            var requestIds = drafts.Where(d => d.ClientRequestId is not null).Select(d => d.ClientRequestId!).Distinct().ToList();
            var earlierRequests = new Dictionary<(long, string), long>();
            if (requestIds.Count > 0)
            {
                var requestAuthors = drafts.Where(d => d.ClientRequestId is not null).Select(d => (long?)d.Author.Id).Distinct().ToList();
                var earlier = await db.Comments.AsNoTracking()
                    .Where(c => requestAuthors.Contains(c.AuthorId) && requestIds.Contains(c.ClientRequestId!))
                    .Select(c => new { AuthorId = c.AuthorId!.Value, RequestId = c.ClientRequestId!, c.ThreadId })
                    .ToListAsync();
                foreach (var match in earlier)
                {
                    earlierRequests[(match.AuthorId, match.RequestId)] = match.ThreadId;
                }
            }

            return new BatchFacts(threads, parents, authors, earlierRequests);
        }
    }

    /// <summary>Each parent counts its new replies in one statement per batch (one per distinct count, in fact).</summary>
    private static async Task CountRepliesAsync(ForumDbContext db, List<Comment> stored)
    {
        var byCount = stored
            .Where(c => c.ParentId is not null)
            .GroupBy(c => c.ParentId!.Value)
            .GroupBy(replies => replies.Count(), replies => replies.Key);
        foreach (var parents in byCount)
        {
            var added = parents.Key;
            var ids = parents.ToList();
            await db.Comments.Where(c => ids.Contains(c.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReplyCount, c => c.ReplyCount + added));
        }
    }

    /// <summary>The comment an author already stored under this client request id, with its seq: the one replay lookup.</summary>
    internal static async Task<PostedComment?> FindReplayAsync(
        ForumDbContext db, long authorId, string clientRequestId, CancellationToken cancellationToken = default)
    {
        var original = await db.Comments.AsNoTracking()
            .SingleOrDefaultAsync(c => c.AuthorId == authorId && c.ClientRequestId == clientRequestId, cancellationToken);
        if (original is null)
        {
            return null;
        }

        var seq = await db.ThreadEvents
            .Where(e => e.CommentId == original.Id && e.Kind == ThreadEventKind.Posted)
            .Select(e => e.Seq)
            .FirstOrDefaultAsync(cancellationToken);
        return new PostedComment(CommentView.From(original), seq, Replayed: true);
    }

    /// <summary>A replay answers only in the thread of the original: a request id is not reused across threads.</summary>
    internal static ForumResult<PostedComment> AsReplay(PostedComment earlier, long threadId) =>
        earlier.Comment.ThreadId == threadId ? earlier : OtherThread;
}
