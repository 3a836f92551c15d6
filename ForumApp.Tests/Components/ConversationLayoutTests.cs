using ForumApp.Components.Threads;
using ForumApp.Features.Threads;
using ForumApp.Realtime;

namespace ForumApp.Tests.Components;

/// <summary>
/// The conversation's rows laid out as cards that draw their own replies: the page must read as the rows do, and a
/// change must reach the cards it changed and no others.
/// </summary>
public sealed class ConversationLayoutTests
{
    private readonly List<CommentView> _comments = [];
    private readonly HashSet<long> _collapsed = [];
    private readonly ConversationLayout _layout = new();
    private readonly List<ConversationLayout.Card> _toDraw = [];

    // Of the random steps below: replies, replies not loaded, scores and fresh marks.
    private static readonly int[] LiveKinds = [0, 1, 2, 4, 6];

    public ConversationLayoutTests()
    {
        // 1 ─ 2 ─ 3
        //   └ 4
        // 5
        Add(1, null, replies: 2);
        Add(2, 1, replies: 1);
        Add(3, 2);
        Add(4, 1);
        Add(5, null);
    }

    [Fact]
    public void EachCardHoldsItsRepliesAndTheCardsReadInTheRowsOrder()
    {
        Update();

        Assert.Equal([1L], _layout.Top.Select(card => card.Id));
        Assert.Equal([2L, 4L], _layout.CardOf(1)!.Replies.Select(card => card.Id));
        Assert.Equal([3L], _layout.CardOf(2)!.Replies.Select(card => card.Id));
        Assert.Equal([1L, 2L, 3L, 4L], Walk(_layout.Top));
        Assert.Null(_layout.CardOf(5));
    }

    [Fact]
    public void AReplyDeepInTheConversationDrawsOnlyItsParent()
    {
        Update();
        DrawnByComponents();

        // 3's parent gets a second reply: its reply count and its list of replies change, nothing above it does.
        Replace(2, replies: 2);
        _comments.Insert(3, Comment(6, 2));
        Update();

        Assert.Equal([2L], _toDraw.Select(card => card.Id));
        Assert.Equal([3L, 6L], _layout.CardOf(2)!.Replies.Select(card => card.Id));
        Assert.Equal([1L, 2L, 3L, 6L, 4L], Walk(_layout.Top));
    }

    [Fact]
    public void AReplyAtTheEndDrawsItsParentAndTheCardThatNoLongerEndsTheConversation()
    {
        Update();
        DrawnByComponents();

        Replace(1, replies: 3);
        _comments.Insert(4, Comment(6, 1));
        Update();

        Assert.Equal([1L, 4L], _toDraw.Select(card => card.Id).Order());
        Assert.True(_layout.CardOf(6)!.Row.Row.EndsConversation);
        Assert.False(_layout.CardOf(4)!.Row.Row.EndsConversation);
    }

    [Fact]
    public void CollapsingACommentDrawsItAndForgetsTheCardsOfItsReplies()
    {
        Update();
        DrawnByComponents();

        _collapsed.Add(2);
        Update();

        Assert.Equal([2L], _toDraw.Select(card => card.Id));
        Assert.Empty(_layout.CardOf(2)!.Replies);
        Assert.Null(_layout.CardOf(3));
        Assert.Equal([1L, 2L, 4L], Walk(_layout.Top));
    }

    [Fact]
    public void NothingChangedDrawsNothingAndADifferentReaderDrawsEveryCard()
    {
        Update();
        DrawnByComponents();

        Assert.False(Update());
        Assert.Empty(_toDraw);

        Assert.False(Update(sameShared: false));
        Assert.Equal([1L, 2L, 3L, 4L], _toDraw.Select(card => card.Id).Order());
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(6, true)]
    public void AfterAnyRunOfChangesTheLayoutIsTheOneWorkedOutAfreshAndExactlyTheChangedCardsDraw(int seed, bool mostlyLive)
    {
        // Mostly live: replies and scores as a watched thread gets them, a collapse or removal now and then, so
        // most comments stay in sight and most changes are laid out by their subtree.
        // Replies, replies not loaded ("more replies"), collapses, scores, removals and deep chains, at random.
        var random = new Random(seed);
        var fresh = new HashSet<long>();
        var wholeSubtrees = new HashSet<long>();
        var nextId = 100L;
        var laidOutBySubtree = 0;
        Update(wholeSubtrees: wholeSubtrees, fresh: fresh);
        for (var step = 0; step < 300; step++)
        {
            DrawnByComponents();
            var before = Walk(_layout.Top).ToDictionary(id => id, id => Drawn(_layout.CardOf(id)!));
            var index = random.Next(_comments.Count);
            var chosen = _comments[index];

            // Every change but a removal (which can fold the comment's ancestors into one line) changes the chosen
            // comment's subtree alone, as a live reply or score says; now and then with the place it had before a
            // change elsewhere moved it.
            var kind = mostlyLive && random.Next(10) > 0 ? LiveKinds[random.Next(LiveKinds.Length)] : random.Next(7);
            if (mostlyLive && kind == 3 && chosen.ParentId is null)
            {
                // A reader folds a reply's thread, not the conversation they are watching.
                kind = 4;
            }

            var within = kind != 5
                ? new ChangedWithin(chosen.Id, random.Next(8) == 0 ? index + 1 : index)
                : ChangedWithin.Anywhere;
            switch (kind)
            {
                case 0 or 1:
                    var end = index + 1;
                    while (end < _comments.Count && _comments[end].Depth > chosen.Depth)
                    {
                        end++;
                    }

                    Replace(chosen.Id, chosen.ReplyCount + 1);
                    _comments.Insert(end, Comment(nextId++, chosen.Id));
                    if (kind == 0 && !within.IsAnywhere)
                    {
                        // As a live reply says: the new comment is its parent's last reply, there.
                        within = within with { AddedAt = end };
                    }

                    break;
                case 2:
                    Replace(chosen.Id, chosen.ReplyCount + 1);
                    break;
                case 3:
                    if (!_collapsed.Remove(chosen.Id))
                    {
                        _collapsed.Add(chosen.Id);
                    }

                    break;
                case 4:
                    _comments[index] = chosen with { Score = chosen.Score + 1 };
                    break;
                case 5:
                    _comments[index] = chosen with { Deleted = true, DeletedBy = "moderator", Reason = "Spam" };
                    break;
                default:
                    if (!fresh.Remove(chosen.Id))
                    {
                        fresh.Add(chosen.Id);
                    }

                    break;
            }

            _toDraw.Clear();
            if (_layout.UpdateWithin(Context(wholeSubtrees, fresh), 1, within, _toDraw))
            {
                laidOutBySubtree++;
            }
            else
            {
                Update(wholeSubtrees: wholeSubtrees, fresh: fresh);
            }

            var afresh = new ConversationLayout();
            var noHint = -1;
            afresh.Update(Context(wholeSubtrees, fresh).RowsOf(1, ref noHint), true, []);
            var walked = Walk(_layout.Top);
            Assert.Equal(Walk(afresh.Top), walked);
            Assert.All(_comments.Select(comment => comment.Id).Except(walked), id => Assert.Null(_layout.CardOf(id)));
            foreach (var id in walked)
            {
                Assert.True(Drawn(afresh.CardOf(id)!).DrawsLike(Drawn(_layout.CardOf(id)!)), $"card {id} after step {step}");
            }

            var changed = before.Where(card => _layout.CardOf(card.Key) is { } now && !card.Value.DrawsLike(Drawn(now))).Select(card => card.Key);
            Assert.Equal(changed.Order(), _toDraw.Select(card => card.Id).Order());
        }

        // Changes were laid out by their subtree where they could be, the rest whole; both must end the same.
        Assert.True(laidOutBySubtree > 0);
        if (mostlyLive)
        {
            Assert.InRange(laidOutBySubtree, 100, 250);
        }
    }

    /// <summary>What a card draws: its row, its replies' cards and its "more replies" line.</summary>
    private static DrawnCard Drawn(ConversationLayout.Card card) => new(card.Row, card.Replies.Select(reply => reply.Id).ToList(), card.MoreLine);

    private sealed record DrawnCard(ConversationContext.CardRow Row, List<long> Replies, ConversationLayout.MoreLine MoreLine)
    {
        public bool DrawsLike(DrawnCard other) => Row.DrawsLike(other.Row) && Replies.SequenceEqual(other.Replies) && MoreLine == other.MoreLine;
    }

    /// <summary>Lays the conversation out again; without <paramref name="wholeSubtrees"/> no reply waits behind "more replies".</summary>
    private bool Update(bool sameShared = true, HashSet<long>? wholeSubtrees = null, HashSet<long>? fresh = null)
    {
        _toDraw.Clear();
        var startHint = -1;
        return _layout.Update(Context(wholeSubtrees, fresh).RowsOf(1, ref startHint), sameShared, _toDraw);
    }

    private ConversationContext Context(HashSet<long>? wholeSubtrees, HashSet<long>? fresh) => new()
    {
        Comments = _comments,
        Shared = new ConversationContext.SharedInputs(ThreadViewer.Anonymous, null, 0),
        Collapsed = _collapsed,
        FreshIds = fresh ?? new HashSet<long>(),
        NewIds = new HashSet<long>(),
        WholeSubtrees = wholeSubtrees,
    };

    // The layout tells only cards a component draws; components that have not rendered are never asked to.
    private void DrawnByComponents()
    {
        foreach (var id in Walk(_layout.Top))
        {
            _layout.CardOf(id)!.Drawer = new ConversationCard();
        }
    }

    private static List<long> Walk(IEnumerable<ConversationLayout.Card> cards) =>
        cards.SelectMany(card => Walk(card.Replies).Prepend(card.Id)).ToList();

    private void Add(long id, long? parentId, int replies = 0) => _comments.Add(Comment(id, parentId, replies));

    private void Replace(long id, int replies)
    {
        var index = _comments.FindIndex(comment => comment.Id == id);
        _comments[index] = _comments[index] with { ReplyCount = replies };
    }

    private CommentView Comment(long id, long? parentId, int replies = 0) =>
        new(id, 1, parentId, parentId is { } parent ? _comments.Single(c => c.Id == parent).Depth + 1 : 0, "Author", 7, "Words", "<p>Words</p>",
            new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc), null, false, null, null, replies);
}
