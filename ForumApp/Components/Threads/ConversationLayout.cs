using ForumApp.Features.Threads;

namespace ForumApp.Components.Threads;

/// <summary>
/// A conversation's rows as the tree its cards draw: each card draws its own comment, then its replies' cards,
/// then its "more replies" line, so the page is the same flat run of cards in the same order. Worked out again
/// from the rows at every change (only the changed comment's subtree's rows, when the change says it stayed
/// there), it says which cards must draw: those whose own row changed and those whose list of replies changed.
/// A reply arriving deep in a long conversation draws its parent and the card that stopped ending the
/// conversation, not the conversation: every open page does this for every live reply.
/// Used on one circuit's dispatcher only.
/// </summary>
public sealed class ConversationLayout
{
    private readonly Dictionary<long, Card> _cards = [];
    private readonly List<Card> _top = [];
    private readonly Stack<Card> _open = new();
    private readonly List<Card> _subtree = [];
    private long _pass;

    /// <summary>The cards with no parent in the conversation: its top-level comment, drawn by the conversation itself.</summary>
    public IReadOnlyList<Card> Top => _top;

    public Card? CardOf(long commentId) => _cards.GetValueOrDefault(commentId);

    /// <summary>
    /// Takes the conversation's rows as they are now. Adds to <paramref name="toDraw"/> the cards already drawn
    /// whose row or replies changed (every one of them when <paramref name="sameShared"/> is false) and returns
    /// whether the top-level cards changed, which only the conversation itself can draw.
    /// </summary>
    public bool Update(ReadOnlySpan<ConversationContext.CardRow> rows, bool sameShared, List<Card> toDraw)
    {
        var pass = ++_pass;
        var (topCount, topChanged, seen) = Lay(rows, pass, sameShared, placesTop: true);
        if (_top.Count > topCount)
        {
            _top.RemoveRange(topCount, _top.Count - topCount);
            topChanged = true;
        }

        if (_cards.Count > seen)
        {
            // Some comment left the conversation: forget its card (its parent draws without it).
            foreach (var (id, card) in _cards)
            {
                if (card.Pass != pass)
                {
                    _cards.Remove(id);
                }
            }
        }

        foreach (var card in _top)
        {
            Settle(card, toDraw);
        }

        return topChanged;
    }

    /// <summary>
    /// Lays out again only the subtree <paramref name="within"/> names, when its comment still has a card of its own
    /// to start from (no ancestor folded it away): a live reply or score changes that subtree and nothing else, and
    /// a reply deep in a long conversation then reads its parent's subtree instead of the whole conversation. Adds
    /// the changed cards to <paramref name="toDraw"/>; false, with nothing changed, when the whole must be laid out.
    /// </summary>
    public bool UpdateWithin(ConversationContext context, long rootId, ChangedWithin within, List<Card> toDraw)
    {
        if (within.IsAnywhere || CardOf(within.CommentId) is not { } card)
        {
            return false;
        }

        var endsConversation = SubtreeEndsConversation(card);
        return within.AddedAt >= 0 && AddLastReply(card, context, within, endsConversation, toDraw) ||
            UpdateSubtree(card, context.SubtreeRowsAt(within.Index, within.CommentId, within.CommentId == rootId, endsConversation), toDraw);
    }

    /// <summary>
    /// A new last reply under a card that shows its replies: the parent's row, the new card after its other
    /// replies, and the end of the conversation moved to it when the parent's subtree was its end. The common live
    /// change, done without reading the rest of the subtree.
    /// </summary>
    private bool AddLastReply(Card parent, ConversationContext context, ChangedWithin within, bool subtreeEndsConversation, List<Card> toDraw)
    {
        if (parent.Row.Row is not { RemovedTogether: null, Collapsed: false, HiddenReplies: 0, ContinuesElsewhere: false } parentRow ||
            !context.TryNewLastReply(within.Index, parent.Id, within.AddedAt, out var parentNow, out var reply) ||
            _cards.ContainsKey(reply.Id))
        {
            return false;
        }

        // Before the parent's "more replies" line, if it has one; otherwise last in its subtree.
        var endsConversation = subtreeEndsConversation && parent.MoreLineDrawn.Replies == 0;
        if (endsConversation)
        {
            NoLongerEnds(parent, toDraw);
        }

        parent.Row = context.CardRowOf(parentRow with { Comment = parentNow, EndsConversation = false, HasVisibleReplies = true });
        var card = new Card(reply.Id)
        {
            Row = context.CardRowOf(new ConversationContext.Row(reply, false, endsConversation, false, false, 0, false)),
        };
        _cards.Add(reply.Id, card);
        (parent.RepliesList ??= []).Add(card);
        parent.RepliesNow = parent.RepliesList.Count;
        if (parent.Drawer is not null && !toDraw.Contains(parent))
        {
            toDraw.Add(parent);
        }

        return true;
    }

    /// <summary>The last row under <paramref name="card"/> (a card's own, or a "more replies" line) stops ending the conversation.</summary>
    private static void NoLongerEnds(Card card, List<Card> toDraw)
    {
        card = LastUnder(card);
        if (card.MoreLineDrawn.Replies > 0)
        {
            card.MoreLineDrawn = card.MoreLineAt = card.MoreLineDrawn with { EndsConversation = false };
        }
        else
        {
            card.Row = card.Row with { Row = card.Row.Row with { EndsConversation = false } };
        }

        if (card.Drawer is not null)
        {
            toDraw.Add(card);
        }
    }

    /// <summary>
    /// Takes the rows of one card's subtree as they are now, when nothing outside it changed: adds to
    /// <paramref name="toDraw"/> the cards in it whose row or replies changed, and forgets those no longer in it.
    /// False, with nothing changed, when the rows are not that card's subtree.
    /// </summary>
    private bool UpdateSubtree(Card top, ReadOnlySpan<ConversationContext.CardRow> rows, List<Card> toDraw)
    {
        if (rows.IsEmpty || rows[0].Row.Comment.Id != top.Id || rows[0].Row.MoreReplies > 0 || !ReferenceEquals(CardOf(top.Id), top))
        {
            return false;
        }

        var before = _subtree;
        before.Clear();
        AddSubtree(top, before);
        var pass = ++_pass;

        // The top card keeps its place among its parent's replies: only what is under it is placed again.
        Lay(rows, pass, sameShared: true, placesTop: false);
        foreach (var card in before)
        {
            if (card.Pass != pass && _cards.TryGetValue(card.Id, out var known) && ReferenceEquals(known, card))
            {
                _cards.Remove(card.Id);
            }
        }

        before.Clear();
        Settle(top, toDraw);
        return true;
    }

    /// <summary>
    /// One pass over rows: each card is placed among its parent's replies, or (with <paramref name="placesTop"/>)
    /// among the top cards when it has no parent in the rows. Returns how many top cards and cards it placed.
    /// </summary>
    private (int TopCount, bool TopChanged, int Seen) Lay(ReadOnlySpan<ConversationContext.CardRow> rows, long pass, bool sameShared, bool placesTop)
    {
        var topCount = 0;
        var topChanged = false;
        var seen = 0;
        _open.Clear();
        foreach (ref readonly var row in rows)
        {
            if (Visit(row, pass, sameShared) is not { } card)
            {
                continue;
            }

            seen++;
            if (_open.TryPeek(out var parent))
            {
                parent.Changed |= Place(parent.RepliesList ??= [], parent.RepliesNow++, card);
            }
            else if (placesTop)
            {
                topChanged |= Place(_top, topCount++, card);
            }

            if (row.Row.RemovedTogether is null)
            {
                _open.Push(card);
            }
        }

        return (topCount, topChanged, seen);
    }

    /// <summary>
    /// One row of a pass: a "more replies" line goes to the card it closes; a comment's card takes its row and is
    /// returned for its parent (the open card on top of the stack once deeper ones are closed) to place.
    /// </summary>
    private Card? Visit(in ConversationContext.CardRow row, long pass, bool sameShared)
    {
        var comment = row.Row.Comment;
        if (row.Row.MoreReplies > 0)
        {
            // Comes right after the subtree of the comment it belongs to, so that comment is still open.
            while (_open.TryPeek(out var deeper) && deeper.Depth > comment.Depth)
            {
                _open.Pop();
            }

            if (_open.TryPeek(out var owner) && owner.Id == comment.Id)
            {
                owner.MoreLineAt = new MoreLine(row.Row.MoreReplies, row.Row.EndsConversation);
            }

            return null;
        }

        while (_open.TryPeek(out var sibling) && sibling.Depth >= comment.Depth)
        {
            _open.Pop();
        }

        if (!_cards.TryGetValue(comment.Id, out var card))
        {
            card = new Card(comment.Id);
            _cards.Add(comment.Id, card);
        }
        else if (card.Pass == pass)
        {
            return null;
        }

        // Rows are large structs holding references: written to the card only when they differ, since every
        // open page runs this for every live reply and copying each into the heap was most of its cost.
        card.Changed = !sameShared;
        if (!card.Row.DrawsLike(row))
        {
            card.Row = row;
            card.Changed = true;
        }

        card.Pass = pass;
        card.RepliesNow = 0;
        card.MoreLineAt = default;
        return card;
    }

    /// <summary>Every card under <paramref name="card"/>, as laid out now.</summary>
    private static void AddSubtree(Card card, List<Card> into)
    {
        if (card.RepliesList is { } replies)
        {
            foreach (var reply in replies)
            {
                into.Add(reply);
                AddSubtree(reply, into);
            }
        }
    }

    /// <summary>Ends a subtree's pass from <paramref name="card"/> down, as the whole pass ends for every card.</summary>
    private static void Settle(Card card, List<Card> toDraw)
    {
        if (card.RepliesList is { } replies)
        {
            if (replies.Count > card.RepliesNow)
            {
                replies.RemoveRange(card.RepliesNow, replies.Count - card.RepliesNow);
                card.Changed = true;
            }

            foreach (var reply in replies)
            {
                Settle(reply, toDraw);
            }
        }

        if (card.MoreLineDrawn != card.MoreLineAt)
        {
            card.MoreLineDrawn = card.MoreLineAt;
            card.Changed = true;
        }

        if (card.Changed && card.Drawer is not null)
        {
            toDraw.Add(card);
        }
    }

    /// <summary>
    /// Whether the last row under <paramref name="card"/> (its last reply's, deepest first, or a "more replies"
    /// line) ends the conversation: a change inside the subtree leaves what follows it as it was.
    /// </summary>
    private static bool SubtreeEndsConversation(Card card)
    {
        var last = LastUnder(card);
        return last.MoreLineDrawn.Replies > 0 ? last.MoreLineDrawn.EndsConversation : last.Row.Row.EndsConversation;
    }

    /// <summary>The card whose own row or "more replies" line is the last row under <paramref name="card"/>.</summary>
    private static Card LastUnder(Card card)
    {
        while (card.MoreLineDrawn.Replies == 0 && card.RepliesList is { Count: > 0 } replies)
        {
            card = replies[^1];
        }

        return card;
    }

    private static bool Place(List<Card> list, int index, Card card)
    {
        if (index < list.Count)
        {
            if (ReferenceEquals(list[index], card))
            {
                return false;
            }

            list[index] = card;
            return true;
        }

        list.Add(card);
        return true;
    }

    /// <summary>A "N more replies" line: how many it offers, and whether it is the conversation's last line.</summary>
    public readonly record struct MoreLine(int Replies, bool EndsConversation);

    /// <summary>One comment's card (or the one line of a removed subtree), its replies' cards and its "more replies" line.</summary>
    public sealed class Card
    {
        internal Card(long id)
        {
            Id = id;
            Key = id;
        }

        public long Id { get; }

        /// <summary>The id boxed once, as the renderer takes keys and parameters: a box per draw per page adds up.</summary>
        public object Key { get; }

        public ConversationContext.CardRow Row { get; internal set; }

        /// <summary>The cards of the replies shown under this one, in order.</summary>
        public IReadOnlyList<Card> Replies => (IReadOnlyList<Card>?)RepliesList ?? [];

        /// <summary>The line closing this comment's shown replies; no replies offered when there is no such line.</summary>
        public MoreLine MoreLine => MoreLineDrawn;

        /// <summary>The component drawing this card, told to draw again when it changed.</summary>
        public ConversationCard? Drawer { get; set; }

        internal int Depth => Row.Row.Comment.Depth;
        internal List<Card>? RepliesList;
        internal int RepliesNow;
        // As drawn, and as found this pass.
        internal MoreLine MoreLineDrawn;
        internal MoreLine MoreLineAt;
        internal long Pass;
        internal bool Changed;
    }
}
