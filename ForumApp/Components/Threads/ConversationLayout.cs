namespace ForumApp.Components.Threads;

/// <summary>
/// A conversation's rows as the tree its cards draw: each card draws its own comment, then its replies' cards,
/// then its "more replies" line, so the page is the same flat run of cards in the same order. Worked out again
/// from the rows at every change, it says which cards must draw: those whose own row changed and those whose
/// list of replies changed. A reply arriving deep in a long conversation draws its parent and the card that
/// stopped ending the conversation, not the conversation: every open page does this for every live reply.
/// Used on one circuit's dispatcher only.
/// </summary>
public sealed class ConversationLayout
{
    private readonly Dictionary<long, Card> _cards = [];
    private readonly List<Card> _top = [];
    private readonly Stack<Card> _open = new();
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
        var topCount = 0;
        var topChanged = false;
        var seen = 0;
        _open.Clear();
        foreach (ref readonly var row in rows)
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

                continue;
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
                continue;
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
            seen++;

            if (_open.TryPeek(out var parent))
            {
                parent.Changed |= Place(parent.RepliesList ??= [], parent.RepliesNow++, card);
            }
            else
            {
                topChanged |= Place(_top, topCount++, card);
            }

            if (row.Row.RemovedTogether is null)
            {
                _open.Push(card);
            }
        }

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

        foreach (var card in _cards.Values)
        {
            if (card.RepliesList is { } replies && replies.Count > card.RepliesNow)
            {
                replies.RemoveRange(card.RepliesNow, replies.Count - card.RepliesNow);
                card.Changed = true;
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

        return topChanged;
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
