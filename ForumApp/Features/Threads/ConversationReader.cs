using ForumApp.Data;
using ForumApp.Features.Comments;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Threads;

/// <summary>
/// Reads a thread for a reader's page a conversation at a time: a page of top-level comments, each with only
/// its first replies (depth-first), so one long chain cannot take the screen from the others. The rest of a
/// conversation is read when the reader asks for it (<see cref="ReadRepliesAsync"/>). Like the comment walker,
/// it reads the tree's shape a level at a time (one query per level for the whole page), never the whole thread.
/// </summary>
internal static class ConversationReader
{
    /// <summary>Comments a reply read may return at most; a subtree larger than this goes on behind its own "more replies".</summary>
    public const int MaxRepliesPerRead = 500;

    // Parents per query: a compound SELECT has a limit (500 terms in SQLite).
    private const int ParentsPerQuery = 100;

    private sealed record Node(long Id, long? ParentId, DateTime CreatedAt, int ReplyCount, int Score, double BestRank)
    {
        public SiblingKey Key => new(Id, CreatedAt, Score, BestRank);
    }

    /// <summary>
    /// Up to <paramref name="count"/> conversations after the top-level comment <paramref name="afterRootId"/>, each
    /// with up to <paramref name="repliesEach"/> replies; and how many conversations come after the last one read.
    /// With <paramref name="cards"/>, conversations stop once that many comments are read: the last one read may be
    /// cut short (its rest waits behind its "more replies"), and at least one conversation is always read.
    /// </summary>
    public static async Task<(List<Comment> Comments, long? LastRootId, int Remaining)> ReadAsync(
        ForumDbContext db, long threadId, CommentSort sort, long? afterRootId, int count, int repliesEach, int? cards, CancellationToken cancellationToken)
    {
        var topLevel = TopLevel(db, threadId);
        var after = afterRootId is { } rootId ? await KeyOfAsync(topLevel, rootId, cancellationToken) : null;
        if (afterRootId is not null && after is null)
        {
            throw new InvalidReadException("cursor", "The cursor does not point into this thread any more. Start again without it.");
        }

        var roots = await (after is { } key ? topLevel.After(sort, key) : topLevel).Sorted(sort)
            .Take(count)
            .Select(c => new Node(c.Id, c.ParentId, c.CreatedAt, c.ReplyCount, c.Score, c.BestRank))
            .ToListAsync(cancellationToken);
        if (roots.Count == 0)
        {
            return ([], null, 0);
        }

        var replies = await ExpandAsync(db, threadId, roots, sort, repliesEach + 1, cancellationToken);
        var order = new List<Node>();
        var taken = 0;
        while (taken < roots.Count && (cards is not { } budget || taken == 0 || order.Count < budget))
        {
            var conversation = DepthFirst([roots[taken]], replies, repliesEach + 1);
            order.AddRange(cards is { } limit ? conversation.Take(Math.Max(1, limit - order.Count)) : conversation);
            taken++;
        }

        // Counted after the last conversation read, not the last root: the ones the budget left out come next.
        var last = roots[taken - 1];
        var remaining = await topLevel.After(sort, last.Key).CountAsync(cancellationToken);
        return (await LoadAsync(db, order, cancellationToken), last.Id, remaining);
    }

    /// <summary>Every reply under <paramref name="parentId"/> (up to <see cref="MaxRepliesPerRead"/>), depth-first.</summary>
    public static async Task<List<Comment>> ReadRepliesAsync(
        ForumDbContext db, long threadId, long parentId, CommentSort sort, CancellationToken cancellationToken)
    {
        var parent = await db.Comments.AsNoTracking()
            .Where(c => c.ThreadId == threadId && c.Id == parentId)
            .Select(c => new Node(c.Id, c.ParentId, c.CreatedAt, c.ReplyCount, c.Score, c.BestRank))
            .SingleOrDefaultAsync(cancellationToken);
        if (parent is null)
        {
            return [];
        }

        // The parent is the root of the walk and counts against the budget; it is not returned.
        var replies = await ExpandAsync(db, threadId, [parent], sort, MaxRepliesPerRead + 1, cancellationToken);
        var order = DepthFirst([parent], replies, MaxRepliesPerRead + 1).Skip(1).ToList();
        return await LoadAsync(db, order, cancellationToken);
    }

    /// <summary>The comment's ancestors, top-level first (empty for a top-level comment); null when it is not in the thread.</summary>
    public static async Task<List<long>?> AncestorsAsync(ForumDbContext db, long threadId, long commentId, CancellationToken cancellationToken)
    {
        var path = new List<long>();
        long? id = commentId;
        while (id is { } current)
        {
            var parentId = await db.Comments.AsNoTracking()
                .Where(c => c.ThreadId == threadId && c.Id == current)
                .Select(c => new { c.ParentId })
                .SingleOrDefaultAsync(cancellationToken);
            if (parentId is null)
            {
                return null;
            }

            if (current != commentId)
            {
                path.Add(current);
            }

            id = parentId.ParentId;
        }

        path.Reverse();
        return path;
    }

    /// <summary>How many conversations come before the top-level comment <paramref name="rootId"/> in the order.</summary>
    public static async Task<int> PlaceOfAsync(ForumDbContext db, long threadId, CommentSort sort, long rootId, CancellationToken cancellationToken)
    {
        var topLevel = TopLevel(db, threadId);
        var root = await KeyOfAsync(topLevel, rootId, cancellationToken)
            ?? throw new InvalidOperationException($"Comment {rootId} is not a shown top-level comment.");
        return await topLevel.Before(sort, root).CountAsync(cancellationToken);
    }

    private static async Task<SiblingKey?> KeyOfAsync(IQueryable<Comment> comments, long id, CancellationToken cancellationToken) =>
        await comments.Where(c => c.Id == id)
            .Select(c => (SiblingKey?)new SiblingKey(c.Id, c.CreatedAt, c.Score, c.BestRank))
            .SingleOrDefaultAsync(cancellationToken);

    private static IQueryable<Comment> TopLevel(ForumDbContext db, long threadId) =>
        db.Comments.AsNoTracking().Where(c => c.ThreadId == threadId && c.ParentId == null).Where(Shown);

    /// <summary>
    /// Reads, a level at a time, the replies each root's first <paramref name="budget"/> comments (the root
    /// included) need: each round asks, in one query, for the replies of every comment in a budget whose replies
    /// are still unread, as many as can still fit after it.
    /// </summary>
    private static async Task<Dictionary<long, List<Node>>> ExpandAsync(
        ForumDbContext db, long threadId, List<Node> roots, CommentSort sort, int budget, CancellationToken cancellationToken)
    {
        var replies = new Dictionary<long, List<Node>>();
        while (true)
        {
            var unread = new List<(long ParentId, int Take)>();
            foreach (var root in roots)
            {
                var order = DepthFirst([root], replies, budget);
                for (var place = 0; place < order.Count && place < budget - 1; place++)
                {
                    if (order[place].ReplyCount > 0 && !replies.ContainsKey(order[place].Id))
                    {
                        unread.Add((order[place].Id, budget - 1 - place));
                    }
                }
            }

            if (unread.Count == 0)
            {
                return replies;
            }

            foreach (var chunk in unread.Chunk(ParentsPerQuery))
            {
                var read = await RepliesAsync(db, threadId, chunk, sort, cancellationToken);
                foreach (var (parentId, _) in chunk)
                {
                    replies[parentId] = read.TryGetValue(parentId, out var children) ? children : [];
                }
            }
        }
    }

    private static async Task<Dictionary<long, List<Node>>> RepliesAsync(
        ForumDbContext db, long threadId, IEnumerable<(long ParentId, int Take)> parents, CommentSort sort, CancellationToken cancellationToken)
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
            .Select(c => new Node(c.Id, c.ParentId, c.CreatedAt, c.ReplyCount, c.Score, c.BestRank))
            .ToListAsync(cancellationToken);
        return rows
            .GroupBy(r => r.ParentId!.Value)
            .ToDictionary(g => g.Key, g => g.Sorted(sort, r => r.Key));
    }

    private static List<Node> DepthFirst(List<Node> roots, Dictionary<long, List<Node>> replies, int budget)
    {
        var order = new List<Node>();
        var pending = new Stack<Node>();
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

    private static async Task<List<Comment>> LoadAsync(ForumDbContext db, List<Node> order, CancellationToken cancellationToken)
    {
        var comments = new Dictionary<long, Comment>();
        foreach (var chunk in order.Select(n => n.Id).Chunk(ParentsPerQuery * 5))
        {
            foreach (var comment in await db.Comments.AsNoTracking().Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken))
            {
                comments[comment.Id] = comment;
            }
        }

        return order.Where(n => comments.ContainsKey(n.Id)).Select(n => comments[n.Id]).ToList();
    }

    // An author's deletion with nothing under it is left out of reads, as in the comment walker.
    private static readonly System.Linq.Expressions.Expression<Func<Comment, bool>> Shown =
        c => !(c.State == CommentState.DeletedByAuthor && c.ReplyCount == 0);
}
