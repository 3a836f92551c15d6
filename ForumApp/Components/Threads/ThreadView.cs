using ForumApp.Realtime;
using ForumApp.Features.Comments;
using ForumApp.Features.Threads;

namespace ForumApp.Components.Threads;

/// <summary>
/// What a thread page shows of its live copy: every comment, or for a permalink the focused comment's
/// subtree with its ancestors above (none when the comment is gone).
/// </summary>
public sealed record ThreadView(IReadOnlyList<CommentView> Shown, CommentView? Root, IReadOnlyList<CommentView> Ancestors)
{
    public static ThreadView Of(LiveThread live, long? focusId)
    {
        if (focusId is not { } id)
        {
            return new ThreadView(live.Comments, null, []);
        }

        var index = live.IndexOf(id);
        if (index < 0)
        {
            return new ThreadView([], null, []);
        }

        var comments = live.Comments;
        var root = comments[index];
        var subtree = new List<CommentView> { root };
        for (var next = index + 1; next < comments.Count && comments[next].Depth > root.Depth; next++)
        {
            subtree.Add(comments[next]);
        }

        var byId = comments.ToDictionary(c => c.Id);
        var ancestors = new List<CommentView>();
        for (var parentId = root.ParentId; parentId is { } parent && byId.TryGetValue(parent, out var ancestor); parentId = ancestor.ParentId)
        {
            ancestors.Add(ancestor);
        }

        ancestors.Reverse();
        return new ThreadView(subtree, root, ancestors);
    }
}
