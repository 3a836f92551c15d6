using ForumApp.Data;
using ForumApp.Features.Comments;

namespace ForumApp.Features.Threads;

public enum CommentSort
{
    Oldest,
    Newest,
}

public enum EventOutcome
{
    /// <summary>Applied in place.</summary>
    Applied,

    /// <summary>Already applied (its seq is not newer than the last one applied).</summary>
    AlreadyApplied,

    /// <summary>Newer than the next expected seq: the events in between must be read from the database first.</summary>
    Gap,
}

/// <summary>
/// One reader's copy of a thread, kept current by applying thread events in sequence order. It never
/// applies an event twice or out of order, and it can hold new comments back (e.g. while the reader
/// types a reply) so that what they read does not move until they ask for it.
/// </summary>
public sealed class LiveThread
{
    private readonly List<CommentView> _comments;
    private readonly List<CommentView> _held = [];

    public LiveThread(ThreadDetail detail)
    {
        Thread = detail;
        _comments = detail.Comments.ToList();
        LastSeq = detail.LastSeq;
        Locked = detail.Locked;
    }

    public ThreadDetail Thread { get; }
    public long LastSeq { get; private set; }
    public bool Locked { get; private set; }

    /// <summary>Comments in display order (oldest first), without the held-back ones.</summary>
    public IReadOnlyList<CommentView> Comments => _comments;

    /// <summary>New comments not shown yet; the page offers them behind an "N new comments" button.</summary>
    public IReadOnlyList<CommentView> Held => _held;

    /// <summary>Set by the page: hold every new comment, not only top-level ones (a reply is being written).</summary>
    public bool HoldAllNewComments { get; set; }

    public EventOutcome Apply(ThreadEventView threadEvent)
    {
        if (threadEvent.Seq <= LastSeq)
        {
            return EventOutcome.AlreadyApplied;
        }

        if (threadEvent.Seq > LastSeq + 1)
        {
            return EventOutcome.Gap;
        }

        LastSeq = threadEvent.Seq;
        switch (threadEvent.Kind)
        {
            case ThreadEventKind.Locked:
                Locked = true;
                break;
            case ThreadEventKind.Unlocked:
                Locked = false;
                break;
            case ThreadEventKind.Posted when threadEvent.Comment is { } posted && IndexOf(posted.Id) < 0 && !IsHeld(posted.Id):
                if (posted.ParentId is null || HoldAllNewComments)
                {
                    _held.Add(posted);
                }
                else
                {
                    Insert(posted);
                }

                break;
            default:
                if (threadEvent.Comment is { } changed)
                {
                    Replace(changed);
                }

                break;
        }

        return EventOutcome.Applied;
    }

    /// <summary>Shows the held-back comments in their places.</summary>
    public int ShowHeld()
    {
        var count = _held.Count;
        foreach (var comment in _held.OrderBy(c => c.Depth).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id))
        {
            if (IndexOf(comment.Id) < 0)
            {
                Insert(comment);
            }
        }

        _held.Clear();
        return count;
    }

    /// <summary>The reader's own new comment shows at once, wherever others' would be held back.</summary>
    public void ShowOwn(CommentView comment)
    {
        _held.RemoveAll(c => c.Id == comment.Id);
        if (IndexOf(comment.Id) < 0)
        {
            Insert(comment);
        }
    }

    /// <summary>The comments as the reader wants them: top-level conversations oldest or newest first.</summary>
    public IReadOnlyList<CommentView> Arranged(CommentSort sort)
    {
        if (sort == CommentSort.Oldest)
        {
            return _comments;
        }

        var blocks = new List<List<CommentView>>();
        foreach (var comment in _comments)
        {
            if (comment.Depth == 0 || blocks.Count == 0)
            {
                blocks.Add([]);
            }

            blocks[^1].Add(comment);
        }

        blocks.Reverse();
        return blocks.SelectMany(b => b).ToList();
    }

    public int IndexOf(long commentId) => _comments.FindIndex(c => c.Id == commentId);

    private static bool IsVanished(CommentView comment) => comment.Deleted && comment.DeletedBy == "author" && comment.ReplyCount == 0;

    private bool IsHeld(long commentId) => _held.Exists(c => c.Id == commentId);

    private void Insert(CommentView comment)
    {
        if (comment.ParentId is not { } parentId)
        {
            _comments.Add(comment);
            return;
        }

        var parentIndex = IndexOf(parentId);
        if (parentIndex < 0)
        {
            // Its parent is not shown (e.g. still held back): it appears when the parent does.
            _held.Add(comment);
            return;
        }

        var parent = _comments[parentIndex];
        _comments[parentIndex] = parent with { ReplyCount = parent.ReplyCount + 1 };

        // A new reply is its parent's newest: it goes after the parent's whole subtree.
        var index = parentIndex + 1;
        while (index < _comments.Count && _comments[index].Depth > parent.Depth)
        {
            index++;
        }

        _comments.Insert(index, comment);
    }

    private void Replace(CommentView comment)
    {
        var heldIndex = _held.FindIndex(c => c.Id == comment.Id);
        if (heldIndex >= 0)
        {
            _held[heldIndex] = comment;
            return;
        }

        var index = IndexOf(comment.Id);
        if (index < 0)
        {
            return;
        }

        _comments[index] = comment;

        // An author's deletion of a comment nobody answered leaves no trace, as in reads; its parent,
        // if its author deleted it too and this was its last reply, goes with it.
        var vanishing = comment;
        while (IsVanished(vanishing) && IndexOf(vanishing.Id) is var vanishingIndex and >= 0)
        {
            _comments.RemoveAt(vanishingIndex);
            if (vanishing.ParentId is not { } parentId || IndexOf(parentId) is not (var parentIndex and >= 0))
            {
                return;
            }

            var parent = _comments[parentIndex];
            vanishing = _comments[parentIndex] = parent with { ReplyCount = Math.Max(0, parent.ReplyCount - 1) };
        }
    }
}
