using System.Globalization;
using System.Text;
using ForumApp.Data;
using ForumApp.Features.Threads;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Comments;

/// <summary>
/// Reads one page of a thread's display order straight off the (ThreadId, ParentId, CreatedAt, Id) index:
/// depth-first, siblings by keyset, never OFFSET, never the whole tree. The cursor is the path from the
/// top-level comment down to the last comment returned, so the walk resumes exactly where it stopped.
/// Queries per page grow with the number of comments on the page that have replies, not with the thread.
/// </summary>
internal static class CommentTreeWalker
{
    private const string CursorVersion = "p1.";

    public static async Task<(List<Comment> Page, string? NextCursor)> ReadPageAsync(
        ForumDbContext db, long threadId, int limit, string? cursor, bool newestFirst, CancellationToken cancellationToken)
    {
        var (stack, known) = await StartAsync(db, threadId, cursor, cancellationToken);
        var page = new List<Comment>(limit + 1);

        // One comment more than asked for tells whether another page follows.
        while (page.Count <= limit && stack.Count > 0)
        {
            var frame = stack[^1];
            var wanted = limit + 1 - page.Count;
            var siblings = await ChildrenAsync(db, threadId, frame, newestFirst && frame.ParentId is null, wanted, cancellationToken);
            var descended = false;
            foreach (var comment in siblings)
            {
                page.Add(comment);
                frame.After = comment;
                if (comment.ReplyCount > 0)
                {
                    stack.Add(new Frame(comment.Id));
                    descended = true;
                    break;
                }

                if (page.Count > limit)
                {
                    break;
                }
            }

            if (!descended && siblings.Count < wanted)
            {
                // Fewer siblings than asked for: this level is done.
                stack.RemoveAt(stack.Count - 1);
            }
        }

        if (page.Count <= limit)
        {
            return (page, null);
        }

        page.RemoveAt(page.Count - 1);
        foreach (var comment in page)
        {
            known[comment.Id] = comment;
        }

        return (page, EncodeCursor(PathTo(page[^1], known)));
    }

    private sealed class Frame(long? parentId, Comment? after = null)
    {
        public long? ParentId { get; } = parentId;
        public Comment? After { get; set; } = after;
    }

    /// <summary>The walk's starting stack, and the comments of the cursor's path (the ancestors of what comes next).</summary>
    private static async Task<(List<Frame> Stack, Dictionary<long, Comment> Known)> StartAsync(
        ForumDbContext db, long threadId, string? cursor, CancellationToken cancellationToken)
    {
        if (cursor is null)
        {
            return ([new Frame(null)], []);
        }

        var ids = DecodeCursor(cursor);
        var path = await db.Comments.AsNoTracking()
            .Where(c => c.ThreadId == threadId && ids.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, cancellationToken);

        var stack = new List<Frame>(ids.Count + 1);
        long? expectedParent = null;
        foreach (var id in ids)
        {
            if (!path.TryGetValue(id, out var comment) || comment.ParentId != expectedParent)
            {
                throw new InvalidReadException("cursor", "The cursor does not point into this thread any more. Start again without it.");
            }

            stack.Add(new Frame(comment.ParentId, comment));
            expectedParent = comment.Id;
        }

        if (path[ids[^1]].ReplyCount > 0)
        {
            stack.Add(new Frame(ids[^1]));
        }

        return (stack, path);
    }

    private static Task<List<Comment>> ChildrenAsync(
        ForumDbContext db, long threadId, Frame frame, bool descending, int take, CancellationToken cancellationToken)
    {
        var query = db.Comments.AsNoTracking().Where(c => c.ThreadId == threadId);

        // Two shapes rather than one nullable comparison, so each stays an index seek.
        query = frame.ParentId is { } parentId
            ? query.Where(c => c.ParentId == parentId)
            : query.Where(c => c.ParentId == null);

        // An author's deletion with nothing under it is left out of reads.
        query = query.Where(c => !(c.State == CommentState.DeletedByAuthor && c.ReplyCount == 0));

        if (frame.After is { } after)
        {
            var at = after.CreatedAt;
            var id = after.Id;
            query = descending
                ? query.Where(c => c.CreatedAt < at || (c.CreatedAt == at && c.Id < id))
                : query.Where(c => c.CreatedAt > at || (c.CreatedAt == at && c.Id > id));
        }

        query = descending
            ? query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            : query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id);
        return query.Take(take).ToListAsync(cancellationToken);
    }

    // Depth-first order puts every ancestor of a comment before it: on this page or on the cursor's path.
    private static List<long> PathTo(Comment last, Dictionary<long, Comment> known)
    {
        var path = new List<long> { last.Id };
        for (var parentId = last.ParentId; parentId is { } id; parentId = known[id].ParentId)
        {
            path.Add(id);
        }

        path.Reverse();
        return path;
    }

    private static string EncodeCursor(IEnumerable<long> path) =>
        CursorVersion + Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Join('.', path)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static List<long> DecodeCursor(string cursor)
    {
        try
        {
            if (!cursor.StartsWith(CursorVersion, StringComparison.Ordinal))
            {
                throw new FormatException();
            }

            var base64 = cursor[CursorVersion.Length..].Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var ids = Encoding.ASCII.GetString(Convert.FromBase64String(base64))
                .Split('.')
                .Select(part => long.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture))
                .ToList();
            return ids.Count is > 0 and <= 10_000 ? ids : throw new FormatException();
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            throw new InvalidReadException("cursor", "The cursor is not valid.");
        }
    }
}
