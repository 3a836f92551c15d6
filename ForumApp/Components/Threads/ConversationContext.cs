using System.Runtime.InteropServices;
using ForumApp.Features.Moderation;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Components;

namespace ForumApp.Components.Threads;

/// <summary>
/// What the comment list draws from, handed to each conversation. The lists and sets are the owner's, changed in
/// place, so a conversation told that it changed reads what is current without the list drawing again. Each
/// conversation is a slice of the flat list (its top-level comment and everything up to the next one) and
/// its rows are worked out from that slice alone.
/// </summary>
public sealed class ConversationContext
{
    /// <summary>Deeper replies stay at this indent, so a phone keeps room for the text.</summary>
    public const int MaxIndentLevels = 7;

    /// <summary>Levels shown below the view's root; deeper replies open in a view rooted at their ancestor.</summary>
    public const int MaxLevelsShown = 8;

    public required IReadOnlyList<CommentView> Comments { get; init; }
    public required SharedInputs Shared { get; init; }
    public required IReadOnlySet<long> Collapsed { get; init; }
    public required IReadOnlySet<long> FreshIds { get; init; }
    public required IReadOnlySet<long> NewIds { get; init; }
    public long? HighlightedId { get; init; }
    public long? EditorUnderId { get; init; }
    public long? EditingId { get; init; }
    public IReadOnlySet<long>? WholeSubtrees { get; init; }
    public EventCallback<long> OnMoreReplies { get; init; }
    public Func<long, string>? PermalinkOf { get; init; }

    /// <summary>A comment, or (with <see cref="MoreReplies"/>) the "more replies" line closing its shown subtree.</summary>
    public readonly record struct Row(
        CommentView Comment, bool StartsConversation, bool EndsConversation, bool HasVisibleReplies, bool Collapsed, int HiddenReplies,
        bool ContinuesElsewhere, int MoreReplies = 0, IReadOnlyList<CommentView>? RemovedTogether = null)
    {
        /// <summary>Whether a card drawn from <paramref name="other"/> looks the same; a removed subtree compares by its comments.</summary>
        public bool DrawsLike(in Row other) =>
            Comment == other.Comment && StartsConversation == other.StartsConversation && EndsConversation == other.EndsConversation &&
            HasVisibleReplies == other.HasVisibleReplies && Collapsed == other.Collapsed && HiddenReplies == other.HiddenReplies &&
            ContinuesElsewhere == other.ContinuesElsewhere && MoreReplies == other.MoreReplies &&
            (ReferenceEquals(RemovedTogether, other.RemovedTogether) ||
             RemovedTogether is not null && other.RemovedTogether is not null && RemovedTogether.SequenceEqual(other.RemovedTogether));
    }

    /// <summary>
    /// A row with everything its card is drawn from besides the thread's own address (its links are made when it
    /// draws), so two passes over a conversation compare by value.
    /// </summary>
    public readonly record struct CardRow(
        Row Row, bool Fresh, bool New, bool Highlighted, bool EditorOpen, bool Editing, RemovedText? RemovedText)
    {
        public bool DrawsLike(in CardRow other) =>
            Row.DrawsLike(other.Row) && Fresh == other.Fresh && New == other.New && Highlighted == other.Highlighted &&
            EditorOpen == other.EditorOpen && Editing == other.Editing && RemovedText == other.RemovedText;
    }

    /// <summary>What every conversation draws with besides its rows; a change draws every conversation again.</summary>
    public sealed record SharedInputs(ThreadViewer Viewer, IReadOnlyDictionary<long, RemovedText>? RemovedTexts, int RootDepth);

    private int RootDepth => Shared.RootDepth;

    // Scratch space for working out a conversation's rows, kept between calls: every open page works out the
    // conversation a live reply changed, so new lists per step, per page and per event would be most of what a
    // page allocates. The context is used on one circuit's dispatcher, one conversation at a time.
    private readonly Dictionary<long, int> _loadedReplies = [];
    private readonly List<(CommentView Comment, bool Collapsed, int Hidden, bool Continues, int More, IReadOnlyList<CommentView>? Removed)> _shown = [];
    private readonly Stack<(CommentView Comment, int More)> _pendingMore = new();
    private readonly List<Row> _rows = [];
    private readonly List<CardRow> _cardRows = [];

    /// <summary>Whether the comment at <paramref name="index"/> starts a conversation.</summary>
    public bool StartsConversation(int index) => index == 0 || Comments[index].Depth <= RootDepth;

    /// <summary>
    /// The rows of the conversation that starts at <paramref name="rootId"/>; none once it is gone. They are the
    /// context's own and hold only until the next call.
    /// </summary>
    /// <param name="startHint">Where the conversation started last time, kept by the caller: looked at first, since
    /// the search otherwise reads every comment above it, on every open page, for every live reply.</param>
    public ReadOnlySpan<CardRow> RowsOf(long rootId, ref int startHint)
    {
        _cardRows.Clear();
        var start = startHint >= 0 && startHint < Comments.Count && Comments[startHint].Id == rootId ? startHint : IndexOf(rootId);
        startHint = start;

        if (start < 0 || !StartsConversation(start))
        {
            return [];
        }

        var end = start + 1;
        while (end < Comments.Count && !StartsConversation(end))
        {
            end++;
        }

        return CardRows(start, end, startsConversation: true, endsConversation: true);
    }

    /// <summary>
    /// The rows of one comment's subtree alone, with its "more replies" lines: the same rows the whole conversation
    /// has there, when nothing outside the subtree changed and the comment is shown with a card of its own (no
    /// ancestor folded, collapsed or removed with it). None when the comment is no longer at
    /// <paramref name="index"/>, or some comment's replies were read whole (which reaches down from its ancestors).
    /// </summary>
    /// <param name="endsConversation">Whether the subtree's last row is the conversation's last, as it was before.</param>
    public ReadOnlySpan<CardRow> SubtreeRowsAt(int index, long commentId, bool startsConversation, bool endsConversation)
    {
        _cardRows.Clear();
        if (index < 0 || index >= Comments.Count || Comments[index].Id != commentId || WholeSubtrees is { Count: > 0 })
        {
            return [];
        }

        var depth = Comments[index].Depth;
        var end = index + 1;
        while (end < Comments.Count && Comments[end].Depth > depth)
        {
            end++;
        }

        return CardRows(index, end, startsConversation, endsConversation);
    }

    private ReadOnlySpan<CardRow> CardRows(int start, int end, bool startsConversation, bool endsConversation)
    {
        var cards = _cardRows;
        cards.Clear();

        foreach (var row in Rows(start, end, startsConversation, endsConversation))
        {
            cards.Add(CardRowOf(row));
        }

        return CollectionsMarshal.AsSpan(cards);
    }

    /// <summary>A row with what this reader's card shows of it.</summary>
    public CardRow CardRowOf(in Row row)
    {
        if (row.MoreReplies > 0 || row.RemovedTogether is not null)
        {
            return new CardRow(row, false, false, false, false, false, null);
        }

        // Most readers have nothing fresh, new or removed-but-readable: those sets are not asked.
        var id = row.Comment.Id;
        return new CardRow(
            row,
            Fresh: FreshIds.Count > 0 && FreshIds.Contains(id),
            New: NewIds.Count > 0 && NewIds.Contains(id),
            Highlighted: id == HighlightedId,
            EditorOpen: EditorUnderId == id,
            Editing: EditingId == id,
            RemovedText: Shared.RemovedTexts is { Count: > 0 } texts ? texts.GetValueOrDefault(id) : null);
    }

    /// <summary>
    /// The comment at <paramref name="parentIndex"/> and its new reply at <paramref name="replyIndex"/>, when that
    /// reply is its last (nothing of its subtree after it), answers nothing yet and is not folded or removed, and the
    /// parent shows its replies (not collapsed, not at the deepest level shown): then the reply's row is known without
    /// reading the rest of the conversation.
    /// </summary>
    public bool TryNewLastReply(int parentIndex, long parentId, int replyIndex, out CommentView parent, out CommentView reply)
    {
        parent = reply = default!;
        if (parentIndex < 0 || replyIndex <= parentIndex || replyIndex >= Comments.Count || Comments[parentIndex].Id != parentId)
        {
            return false;
        }

        parent = Comments[parentIndex];
        reply = Comments[replyIndex];
        return reply.ParentId == parentId && reply.ReplyCount == 0 && reply.DeletedBy is null &&
            (replyIndex + 1 == Comments.Count || Comments[replyIndex + 1].Depth <= parent.Depth) &&
            !Collapsed.Contains(parentId) && !Collapsed.Contains(reply.Id) && parent.Depth - RootDepth < MaxLevelsShown - 1;
    }

    private int IndexOf(long commentId)
    {
        for (var i = 0; i < Comments.Count; i++)
        {
            if (Comments[i].Id == commentId)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The rows of the comments from <paramref name="start"/> to <paramref name="end"/>, a subtree or a whole conversation.</summary>
    private List<Row> Rows(int start, int end, bool startsConversation, bool endsConversation)
    {
        // A parent's replies all lie in its own conversation, so counting them there counts them all.
        var loadedReplies = _loadedReplies;
        var shown = _shown;
        var pendingMore = _pendingMore;
        var rows = _rows;
        loadedReplies.Clear();
        shown.Clear();
        pendingMore.Clear();
        rows.Clear();
        if (WholeSubtrees is not null)
        {
            for (var index = start; index < end; index++)
            {
                if (Comments[index].ParentId is { } parentId)
                {
                    loadedReplies[parentId] = loadedReplies.GetValueOrDefault(parentId) + 1;
                }
            }
        }

        var collapsedIds = Collapsed.Count > 0 ? Collapsed : null;
        var wholeSubtrees = WholeSubtrees is { Count: > 0 } whole ? whole : null;
        int? skipBelowDepth = null;
        int? wholeBelowDepth = null;
        for (var index = start; index < end; index++)
        {
            var comment = Comments[index];
            if (skipBelowDepth is { } limit && comment.Depth > limit)
            {
                continue;
            }

            skipBelowDepth = null;
            if (wholeBelowDepth is { } wholeDepth && comment.Depth <= wholeDepth)
            {
                wholeBelowDepth = null;
            }

            if (wholeSubtrees?.Contains(comment.Id) == true)
            {
                wholeBelowDepth ??= comment.Depth;
            }

            // A subtree ends where a comment no deeper than its root starts: its "more replies" line goes there.
            while (pendingMore.TryPeek(out var pending) && pending.Comment.Depth >= comment.Depth)
            {
                shown.Add((pendingMore.Pop().Comment, false, 0, false, pending.More, null));
            }

            if (RemovedWithReplies(index, end) is { } removed)
            {
                shown.Add((comment, false, 0, false, 0, removed));
                skipBelowDepth = comment.Depth;
                continue;
            }

            var collapsed = collapsedIds?.Contains(comment.Id) == true;
            var atDepthLimit = comment.Depth - RootDepth >= MaxLevelsShown - 1;
            var hidden = 0;
            if (collapsed || atDepthLimit)
            {
                for (var next = index + 1; next < end && Comments[next].Depth > comment.Depth; next++)
                {
                    hidden++;
                }

                skipBelowDepth = comment.Depth;
            }

            shown.Add((comment, collapsed, hidden, atDepthLimit && !collapsed && hidden > 0, 0, null));

            var more = WholeSubtrees is null || wholeBelowDepth is not null || collapsed ? 0 : comment.ReplyCount - loadedReplies.GetValueOrDefault(comment.Id);
            if (more > 0 && atDepthLimit)
            {
                // Deeper than the page indents: the conversation goes on in a view rooted here, which reads it whole.
                shown[^1] = shown[^1] with { Continues = true };
            }
            else if (more > 0)
            {
                pendingMore.Push((comment, more));
            }
        }

        while (pendingMore.TryPop(out var pending))
        {
            shown.Add((pending.Comment, false, 0, false, pending.More, null));
        }

        for (var i = 0; i < shown.Count; i++)
        {
            var current = shown[i];
            var next = i + 1 < shown.Count ? shown[i + 1] : default;
            rows.Add(new Row(
                current.Comment,
                StartsConversation: i == 0 && startsConversation,
                EndsConversation: i + 1 == shown.Count && endsConversation,
                HasVisibleReplies: current.More == 0 && i + 1 < shown.Count && (next.Comment.ParentId == current.Comment.Id || next.More > 0 && next.Comment.Id == current.Comment.Id),
                current.Collapsed,
                current.Hidden,
                current.Continues,
                current.More,
                current.Removed));
        }

        return rows;
    }

    /// <summary>A moderator-removed comment whose replies are all removed too: one line says so, not one tombstone each.</summary>
    private List<CommentView>? RemovedWithReplies(int index, int end)
    {
        var root = Comments[index];
        if (root.DeletedBy != "moderator")
        {
            return null;
        }

        var removed = new List<CommentView> { root };
        for (var next = index + 1; next < end && Comments[next].Depth > root.Depth; next++)
        {
            if (Comments[next].DeletedBy != "moderator")
            {
                return null;
            }

            removed.Add(Comments[next]);
        }

        return removed.Count > 1 ? removed : null;
    }
}
