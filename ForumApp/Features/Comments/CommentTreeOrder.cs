using ForumApp.Data;

namespace ForumApp.Features.Comments;

/// <summary>
/// Display order of a thread: depth-first, parents before replies, siblings by creation time then id.
/// Iterative, so a reply chain thousands deep cannot overflow the stack.
/// </summary>
public static class CommentTreeOrder
{
    public static List<Comment> Arrange(IEnumerable<Comment> comments)
    {
        var childrenByParent = comments
            .GroupBy(c => c.ParentId ?? 0)
            .ToDictionary(
                g => g.Key,
                g => g.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList());

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
