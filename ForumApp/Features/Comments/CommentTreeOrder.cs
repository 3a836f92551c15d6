using ForumApp.Data;
using ForumApp.Features.Threads;

namespace ForumApp.Features.Comments;

/// <summary>
/// Display order of a thread: depth-first, parents before replies, siblings by creation time then id (or another sort).
/// Iterative, so a reply chain thousands deep cannot overflow the stack.
/// </summary>
public static class CommentTreeOrder
{
    public static List<Comment> Arrange(IEnumerable<Comment> comments) => Arrange(comments, CommentSort.Oldest);

    /// <summary>The same walk with each group of siblings in <paramref name="sort"/>'s order.</summary>
    public static List<Comment> Arrange(IEnumerable<Comment> comments, CommentSort sort)
    {
        var childrenByParent = comments
            .GroupBy(c => c.ParentId ?? 0)
            .ToDictionary(
                g => g.Key,
                g => g.Sorted(sort, SiblingKey.Of));

        var ordered = new List<Comment>();
        if (!childrenByParent.TryGetValue(0, out var topLevel))
        {
            return ordered;
        }

        var pending = new Stack<IEnumerator<Comment>>();
        pending.Push(topLevel.GetEnumerator());
        while (pending.Count > 0)
        {
            var siblings = pending.Peek();
            if (!siblings.MoveNext())
            {
                pending.Pop();
                continue;
            }

            var comment = siblings.Current;
            ordered.Add(comment);
            if (childrenByParent.TryGetValue(comment.Id, out var replies))
            {
                pending.Push(replies.GetEnumerator());
            }
        }

        return ordered;
    }
}
