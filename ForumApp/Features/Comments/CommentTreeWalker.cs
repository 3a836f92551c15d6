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
/// The walk reads the tree's shape a level at a time (the replies of every comment that may reach the page
/// in one query), then the page's comments in one more: queries per page grow with the depth of the page,
/// not with the number of comments on it that have replies, nor with the thread.
/// </summary>
internal static class CommentTreeWalker
{
    private const string CursorVersion = "p1.";

    public static async Task<(List<Comment> Page, string? NextCursor)> ReadPageAsync(
        ForumDbContext db, long threadId, int limit, string? cursor, CommentSort sort, CancellationToken cancellationToken)
    {
        var (stack, known) = await StartAsync(db, threadId, cursor, cancellationToken);

        // One comment more than asked for tells whether another page follows.
        var wanted = limit + 1;
        var order = new List<TreeNode>(wanted);
        while (order.Count < wanted && stack.Count > 0)
        {
            // A level that cannot fill the page is done, so each frame of the stack is read once.
            var frame = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            var budget = wanted - order.Count;
            var siblings = await SiblingsAsync(db, threadId, frame, sort, budget, cancellationToken);
            order.AddRange(await ExpandAsync(db, threadId, siblings, sort, budget, cancellationToken));
        }

        string? nextCursor = null;
        if (order.Count > limit)
        {
            order.RemoveAt(order.Count - 1);
            foreach (var node in order)
            {
                known[node.Id] = node;
            }

            nextCursor = EncodeCursor(PathTo(order[^1], known));
        }

        return (await LoadAsync(db, order, cancellationToken), nextCursor);
    }

    /// <summary>What the walk needs of a comment: its place in the tree, not its words.</summary>
    private sealed record TreeNode(long Id, long? ParentId, DateTime CreatedAt, int ReplyCount, int Score, double BestRank)
    {
        public SiblingKey Key => new(Id, CreatedAt, Score, BestRank);
    }

    private sealed class Frame(long? parentId, TreeNode? after = null)
    {
        public long? ParentId { get; } = parentId;
        public TreeNode? After { get; } = after;
    }

    /// <summary>The walk's starting stack, and the comments of the cursor's path (the ancestors of what comes next).</summary>
    private static async Task<(List<Frame> Stack, Dictionary<long, TreeNode> Known)> StartAsync(
        ForumDbContext db, long threadId, string? cursor, CancellationToken cancellationToken)
    {
        if (cursor is null)
        {
            return ([new Frame(null)], []);
        }

        var ids = DecodeCursor(cursor);
        var path = await db.Comments.AsNoTracking()
            .Where(c => c.ThreadId == threadId && ids.Contains(c.Id))
            .Select(c => new TreeNode(c.Id, c.ParentId, c.CreatedAt, c.ReplyCount, c.Score, c.BestRank))
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

    /// <summary>Up to <paramref name="take"/> siblings after the frame's last one, by keyset.</summary>
    private static Task<List<TreeNode>> SiblingsAsync(
        ForumDbContext db, long threadId, Frame frame, CommentSort sort, int take, CancellationToken cancellationToken)
    {
        var query = db.Comments.AsNoTracking().Where(c => c.ThreadId == threadId);

        // Two shapes rather than one nullable comparison, so each stays an index seek.
        query = frame.ParentId is { } parentId
            ? query.Where(c => c.ParentId == parentId)
            : query.Where(c => c.ParentId == null);
        query = query.Where(Shown);

        // The cursor's comment is read again, so a score that moved since the last page moves the resumption point
        // with it: the walk stays in one consistent order (a comment may show twice or not at all, as on any live list).
        if (frame.After is { } after)
        {
            query = query.After(sort, after.Key);
        }

        return query.Sorted(sort).Take(take)
            .Select(c => new TreeNode(c.Id, c.ParentId, c.CreatedAt, c.ReplyCount, c.Score, c.BestRank))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The first <paramref name="budget"/> comments of the subtrees under <paramref name="roots"/>, depth-first.
    /// Each round reads, in one query, the replies of the comments within the budget whose replies are still
    /// unread. Reading replies only pushes later comments further down, never up, so what falls outside the
    /// budget stays outside, and a comment's first (budget - 1 - its place) replies are all that can show.
    /// </summary>
    private static async Task<List<TreeNode>> ExpandAsync(
        ForumDbContext db, long threadId, List<TreeNode> roots, CommentSort sort, int budget, CancellationToken cancellationToken)
    {
        var replies = new Dictionary<long, List<TreeNode>>();
        while (true)
        {
            var order = DepthFirst(roots, replies, budget);
            var unread = new List<(long ParentId, int Take)>();

            // The reply counts of unread comments push everything after them down: a comment they certainly
            // push out of the budget waits for a later round (where it is seen again if it is still in).
            // Counts only choose what to read first; the takes rest on places alone.
            var pushedDown = 0;
            for (var place = 0; place < order.Count; place++)
            {
                var node = order[place];
                if (node.ReplyCount == 0 || replies.ContainsKey(node.Id))
                {
                    continue;
                }

                // Replies of a comment in the budget's last place could only come after it.
                if (place + pushedDown >= budget - 1)
                {
                    break;
                }

                unread.Add((node.Id, budget - 1 - place));
                pushedDown += node.ReplyCount;
            }

            if (unread.Count == 0)
            {
                return order;
            }

            var read = await RepliesAsync(db, threadId, unread, sort, cancellationToken);
            foreach (var (parentId, _) in unread)
            {
                replies[parentId] = read.TryGetValue(parentId, out var children) ? children : [];
            }
        }
    }

    /// <summary>The first replies of each parent, as many as its take, in display order: one query, a seek per parent.</summary>
    private static async Task<Dictionary<long, List<TreeNode>>> RepliesAsync(
        ForumDbContext db, long threadId, List<(long ParentId, int Take)> parents, CommentSort sort, CancellationToken cancellationToken)
    {
        IQueryable<Comment>? query = null;
        foreach (var (parentId, take) in parents)
        {
            var replies = db.Comments.AsNoTracking()
                .Where(c => c.ThreadId == threadId && c.ParentId == parentId)
                .Where(Shown)
                .Sorted(sort)
                .Take(take);
            query = query is null ? replies : query.Concat(replies);
        }

        var rows = await query!
            .Select(c => new TreeNode(c.Id, c.ParentId, c.CreatedAt, c.ReplyCount, c.Score, c.BestRank))
            .ToListAsync(cancellationToken);
        return rows
            .GroupBy(r => r.ParentId!.Value)
            .ToDictionary(g => g.Key, g => g.Sorted(sort, r => r.Key));
    }

    private static List<TreeNode> DepthFirst(List<TreeNode> roots, Dictionary<long, List<TreeNode>> replies, int budget)
    {
        var order = new List<TreeNode>(budget);
        var pending = new Stack<TreeNode>();
        for (var i = roots.Count - 1; i >= 0; i--)
        {
            pending.Push(roots[i]);
        }

        while (order.Count < budget && pending.TryPop(out var node))
        {
            order.Add(node);
            if (replies.TryGetValue(node.Id, out var children))
            {
                for (var i = children.Count - 1; i >= 0; i--)
                {
                    pending.Push(children[i]);
                }
            }
        }

        return order;
    }

    /// <summary>The page's comments themselves, in walk order.</summary>
    private static async Task<List<Comment>> LoadAsync(ForumDbContext db, List<TreeNode> order, CancellationToken cancellationToken)
    {
        if (order.Count == 0)
        {
            return [];
        }

        var ids = order.Select(n => n.Id).ToList();
        var comments = await db.Comments.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        return order.Where(n => comments.ContainsKey(n.Id)).Select(n => comments[n.Id]).ToList();
    }

    // An author's deletion with nothing under it is left out of reads.
    private static readonly System.Linq.Expressions.Expression<Func<Comment, bool>> Shown =
        c => !(c.State == CommentState.DeletedByAuthor && c.ReplyCount == 0);

    // Depth-first order puts every ancestor of a comment before it: on this page or on the cursor's path.
    private static List<long> PathTo(TreeNode last, Dictionary<long, TreeNode> known)
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
