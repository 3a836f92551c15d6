using ForumApp.Components.Threads;
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

    private bool Update(bool sameShared = true)
    {
        _toDraw.Clear();
        var context = new ConversationContext
        {
            Comments = _comments,
            Shared = new ConversationContext.SharedInputs(ThreadViewer.Anonymous, null, 0),
            Collapsed = _collapsed,
            FreshIds = new HashSet<long>(),
            NewIds = new HashSet<long>(),
        };
        return _layout.Update(context.RowsOf(1), sameShared, _toDraw);
    }

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
