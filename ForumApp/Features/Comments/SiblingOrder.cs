using ForumApp.Data;
using ForumApp.Features.Threads;

namespace ForumApp.Features.Comments;

/// <summary>What a sort needs of a comment to place it among its siblings.</summary>
internal readonly record struct SiblingKey(long Id, DateTime CreatedAt, int Score, double BestRank)
{
    public static SiblingKey Of(Comment comment) => new(comment.Id, comment.CreatedAt, comment.Score, comment.BestRank);
}

/// <summary>
/// The one definition of each sort within a group of siblings: best by rank, top by score (both high first), new
/// and old by time; ties by creation time, then id. The same order in SQL (with keyset conditions to resume after
/// a comment) and in memory, so a walk by pages and a read of the whole tree agree.
/// </summary>
internal static class SiblingOrder
{
    public static IOrderedQueryable<Comment> Sorted(this IQueryable<Comment> query, CommentSort sort) => sort switch
    {
        CommentSort.Newest => query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
        CommentSort.Best => query.OrderByDescending(c => c.BestRank).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id),
        CommentSort.Top => query.OrderByDescending(c => c.Score).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id),
        _ => query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
    };

    /// <summary>The siblings that come after <paramref name="key"/> in the order.</summary>
    public static IQueryable<Comment> After(this IQueryable<Comment> query, CommentSort sort, SiblingKey key)
    {
        var (id, at, score, rank) = (key.Id, key.CreatedAt, key.Score, key.BestRank);
        return sort switch
        {
            CommentSort.Newest => query.Where(c => c.CreatedAt < at || (c.CreatedAt == at && c.Id < id)),
            CommentSort.Best => query.Where(c => c.BestRank < rank
                || (c.BestRank == rank && (c.CreatedAt > at || (c.CreatedAt == at && c.Id > id)))),
            CommentSort.Top => query.Where(c => c.Score < score
                || (c.Score == score && (c.CreatedAt > at || (c.CreatedAt == at && c.Id > id)))),
            _ => query.Where(c => c.CreatedAt > at || (c.CreatedAt == at && c.Id > id)),
        };
    }

    /// <summary>The siblings that come before <paramref name="key"/> in the order.</summary>
    public static IQueryable<Comment> Before(this IQueryable<Comment> query, CommentSort sort, SiblingKey key)
    {
        var (id, at, score, rank) = (key.Id, key.CreatedAt, key.Score, key.BestRank);
        return sort switch
        {
            CommentSort.Newest => query.Where(c => c.CreatedAt > at || (c.CreatedAt == at && c.Id > id)),
            CommentSort.Best => query.Where(c => c.BestRank > rank
                || (c.BestRank == rank && (c.CreatedAt < at || (c.CreatedAt == at && c.Id < id)))),
            CommentSort.Top => query.Where(c => c.Score > score
                || (c.Score == score && (c.CreatedAt < at || (c.CreatedAt == at && c.Id < id)))),
            _ => query.Where(c => c.CreatedAt < at || (c.CreatedAt == at && c.Id < id)),
        };
    }

    public static List<T> Sorted<T>(this IEnumerable<T> items, CommentSort sort, Func<T, SiblingKey> keyOf)
    {
        var list = items.ToList();
        list.Sort((a, b) => Compare(sort, keyOf(a), keyOf(b)));
        return list;
    }

    public static int Compare(CommentSort sort, SiblingKey a, SiblingKey b)
    {
        var byTime = a.CreatedAt.CompareTo(b.CreatedAt) is var t and not 0 ? t : a.Id.CompareTo(b.Id);
        return sort switch
        {
            CommentSort.Newest => -byTime,
            CommentSort.Best => b.BestRank.CompareTo(a.BestRank) is var r and not 0 ? r : byTime,
            CommentSort.Top => b.Score.CompareTo(a.Score) is var s and not 0 ? s : byTime,
            _ => byTime,
        };
    }
}

/// <summary>The sorts as the address and the API spell them.</summary>
public static class CommentSorts
{
    public const CommentSort Default = CommentSort.Best;

    public static CommentSort? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "best" => CommentSort.Best,
        "top" => CommentSort.Top,
        "new" => CommentSort.Newest,
        "old" => CommentSort.Oldest,
        _ => null,
    };

    public static string NameOf(CommentSort sort) => sort switch
    {
        CommentSort.Best => "best",
        CommentSort.Top => "top",
        CommentSort.Newest => "new",
        _ => "old",
    };
}
