using System.Runtime.InteropServices;
using ForumApp.Data;
using ForumApp.Features.Comments;
using ForumApp.Realtime;

namespace ForumApp.Features.Threads;

/// <summary>The order of each group of siblings (see <see cref="Comments.SiblingOrder"/>).</summary>
public enum CommentSort
{
    Oldest,
    Newest,

    /// <summary>By the lower bound of the Wilson score interval of the votes.</summary>
    Best,

    /// <summary>By score (up votes minus down votes).</summary>
    Top,
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

/// <summary>Who turned a comment into a tombstone, as <see cref="CommentView.DeletedBy"/> says it.</summary>
public enum CommentDeletion
{
    None,
    ByAuthor,
    ByModerator,
}

/// <summary>
/// One reader's copy of a thread, kept current by applying thread events in sequence order. It never
/// applies an event twice or out of order, and it can hold new comments back (e.g. while the reader
/// types a reply) so that what they read does not move until they ask for it.
/// </summary>
public sealed partial class LiveThread
{
    private readonly List<CommentView> _comments;
    private readonly List<Placement> _placements;
    private readonly List<CommentView> _held = [];
    private readonly HashSet<long> _wholeSubtrees = [];

    /// <param name="detail">The thread as read, possibly only its first page of comments.</param>
    /// <param name="sort">The order <paramref name="detail"/>'s comments were read in.</param>
    public LiveThread(ThreadDetail detail, CommentSort sort = CommentSort.Oldest)
    {
        Thread = detail;
        Sort = sort;
        _comments = detail.Comments.ToList();
        _placements = _comments.ConvertAll(Placement.Of);
        LastSeq = detail.LastSeq;
        Locked = detail.Locked;
        NextCursor = detail.NextCursor;
        CommentCount = detail.CommentCount;
    }

    /// <summary>A reader's page read a conversation at a time (see <see cref="ConversationScreen"/>).</summary>
    public LiveThread(ConversationScreen screen, CommentSort sort)
        : this(screen.Thread, sort)
    {
        ByConversation = true;
        ConversationsRemaining = screen.ConversationsRemaining;
    }

    /// <summary>
    /// Read a conversation at a time, each with only its first replies: a comment may have replies that are
    /// not here yet (fewer loaded than its reply count) until the reader asks for them.
    /// </summary>
    public bool ByConversation { get; }

    /// <summary>With <see cref="ByConversation"/>: the conversations after the loaded ones.</summary>
    public int ConversationsRemaining { get; private set; }

    /// <summary>Comments whose replies were all read (their "more replies" were asked for).</summary>
    public IReadOnlySet<long> WholeSubtrees => _wholeSubtrees;

    /// <summary>
    /// Goes up with every change to what is shown (a comment, the order, the lock), so a view can skip rendering
    /// while it stays the same. Each comment's own version is its record: a changed comment is a new
    /// <see cref="CommentView"/>, and so is a parent whose reply list changed (its reply count moves).
    /// </summary>
    public long Version { get; private set; }

    public ThreadDetail Thread { get; }
    public CommentSort Sort { get; }
    public long LastSeq { get; private set; }
    public bool Locked { get; private set; }

    /// <summary>Where the next page of comments starts; null once every comment is here.</summary>
    public string? NextCursor { get; private set; }

    public bool IsComplete => NextCursor is null;

    /// <summary>Comments shown in the thread (not deleted), kept up to date by events.</summary>
    public int CommentCount { get; private set; }

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
        Version++;
        CommentCount = Math.Max(0, CommentCount + threadEvent.Kind switch
        {
            ThreadEventKind.Posted or ThreadEventKind.Restored => 1,
            ThreadEventKind.Deleted or ThreadEventKind.Removed => -1,
            _ => 0,
        });
        switch (threadEvent.Kind)
        {
            case ThreadEventKind.Locked:
                Locked = true;
                ConversationsChanged();
                break;
            case ThreadEventKind.Unlocked:
                Locked = false;
                ConversationsChanged();
                break;
            case ThreadEventKind.Posted when threadEvent.Comment is { } posted && IndexOf(posted.Id) < 0 && !IsHeld(posted.Id):
                // Read by comments, its place is after comments not loaded yet: it comes with the page that reaches it.
                // Read by conversations, it waits behind the "N new comments" button like any new conversation,
                // and shows after the loaded ones when asked for.
                if (posted.ParentId is null && Sort == CommentSort.Oldest && !IsComplete && !ByConversation)
                {
                    break;
                }

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
        Version++;
        ConversationsChanged();
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
        Version++;
        ConversationsChanged();
        if (IndexOf(comment.Id) < 0)
        {
            Insert(comment, evenAtTheEdgeOfThePage: true);
        }
    }

    /// <summary>Adds the next page read from the database; comments that events already brought are kept once.</summary>
    public void Append(IReadOnlyList<CommentView> page, string? nextCursor)
    {
        foreach (var comment in page)
        {
            if (IndexOf(comment.Id) < 0)
            {
                AddComment(comment);
            }
        }

        NextCursor = nextCursor;
        Version++;
        ConversationsChanged();
    }

    /// <summary>Adds the next screen of conversations; comments that events already brought are kept once.</summary>
    public void AppendConversations(ConversationScreen screen)
    {
        Append(screen.Thread.Comments, screen.Thread.NextCursor);
        ConversationsRemaining = screen.ConversationsRemaining;
    }

    /// <summary>Shows every reply under a comment, read whole, in place of the first few shown so far.</summary>
    public void ShowReplies(long parentId, IReadOnlyList<CommentView> replies)
    {
        var parentIndex = IndexOf(parentId);
        if (parentIndex < 0)
        {
            return;
        }

        var end = parentIndex + 1;
        while (end < _placements.Count && _placements[end].Depth > _placements[parentIndex].Depth)
        {
            end++;
        }

        // Rare (a reader asked for more replies): the comments are rearranged, then the index is made again from them.
        _comments.RemoveRange(parentIndex + 1, end - parentIndex - 1);
        var read = replies.Select(r => r.Id).ToHashSet();
        _comments.RemoveAll(c => read.Contains(c.Id));
        _comments.InsertRange(_comments.FindIndex(c => c.Id == parentId) + 1, replies);
        PlaceAllAgain();
        _held.RemoveAll(c => read.Contains(c.Id));
        _wholeSubtrees.Add(parentId);
        Version++;
        ConversationsChanged();
    }

    /// <summary>The one place that reads the wire's "author"/"moderator" strings.</summary>
    public static CommentDeletion DeletionOf(CommentView comment) => comment.DeletedBy switch
    {
        "author" => CommentDeletion.ByAuthor,
        "moderator" => CommentDeletion.ByModerator,
        _ => CommentDeletion.None,
    };

    private static bool IsVanished(CommentView comment) => DeletionOf(comment) == CommentDeletion.ByAuthor && comment.ReplyCount == 0;

    private bool IsHeld(long commentId)
    {
        foreach (var held in _held)
        {
            if (held.Id == commentId)
            {
                return true;
            }
        }

        return false;
    }

    private void Insert(CommentView comment, bool evenAtTheEdgeOfThePage = false)
    {
        if (comment.ParentId is not { } parentId)
        {
            if (Sort == CommentSort.Newest)
            {
                InsertComment(0, comment);
            }
            else
            {
                AddComment(comment);
            }

            ConversationsChanged();
            return;
        }

        var parentIndex = IndexOf(parentId);
        if (parentIndex < 0)
        {
            if (ByConversation && !IsHeld(parentId))
            {
                // Its parent waits behind "more replies" (or its conversation behind "load more"): reading them brings it.
                return;
            }

            if (IsComplete || IsHeld(parentId))
            {
                // Its parent is waiting behind the button: it appears when the parent does.
                _held.Add(comment);
            }

            // Otherwise its parent is not loaded yet, and the page that loads the parent brings it too.
            return;
        }

        var parent = _comments[parentIndex];
        _comments[parentIndex] = parent with { ReplyCount = parent.ReplyCount + 1 };

        // A new reply is its parent's newest: it goes after the parent's whole subtree.
        var index = parentIndex + 1;
        var placements = CollectionsMarshal.AsSpan(_placements);
        while (index < placements.Length && placements[index].Depth > parent.Depth)
        {
            index++;
        }

        if (index == _comments.Count && !IsComplete && !evenAtTheEdgeOfThePage && !ByConversation)
        {
            // The subtree may go on in the next page, with older replies: that page brings this one in its place.
            return;
        }

        InsertComment(index, comment);
        ChangedAt(index, new ChangedWithin(parentId, parentIndex, AddedAt: index));
    }

    private void Replace(CommentView comment)
    {
        var heldIndex = _held.FindIndex(c => c.Id == comment.Id);
        if (heldIndex >= 0)
        {
            if (IsVanished(comment))
            {
                _held.RemoveAt(heldIndex);
            }
            else
            {
                _held[heldIndex] = comment;
            }

            return;
        }

        var index = IndexOf(comment.Id);
        if (index < 0)
        {
            return;
        }

        // Events are the same for everyone: the reader's own vote stays what it was.
        _comments[index] = comment with { MyVote = comment.MyVote ?? _comments[index].MyVote };
        ChangedAt(index);

        // An author's deletion of a comment nobody answered leaves no trace, as in reads; its parent,
        // if its author deleted it too and this was its last reply, goes with it.
        var vanishing = comment;
        while (IsVanished(vanishing) && IndexOf(vanishing.Id) is var vanishingIndex and >= 0)
        {
            if (vanishing.ParentId is null)
            {
                ConversationsChanged();
            }

            RemoveCommentAt(vanishingIndex);
            if (vanishing.ParentId is not { } parentId || IndexOf(parentId) is not (var parentIndex and >= 0))
            {
                return;
            }

            var parent = _comments[parentIndex];
            vanishing = _comments[parentIndex] = parent with { ReplyCount = Math.Max(0, parent.ReplyCount - 1) };
        }
    }
}
