using ForumApp.Data;
using ForumApp.Features.Threads;

namespace ForumApp.Tests.Unit;

/// <summary>New comments wait while the reader reads or writes, except the reader's own.</summary>
public sealed class LiveThreadHeldCommentTests : LiveThreadTest
{
    [Fact]
    public void ANewTopLevelCommentWaitsUntilTheReaderShowsIt()
    {
        var live = Live(lastSeq: 10);

        live.Apply(Event(11, ThreadEventKind.Posted, Comment(5, parentId: null, depth: 0)));

        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
        Assert.Equal([5L], Ids(live.Held));

        Assert.Equal(1, live.ShowHeld());
        Assert.Equal([1L, 2, 3, 4, 5], Ids(live.Comments));
        Assert.Empty(live.Held);
    }

    [Fact]
    public void WhileTheReaderWritesEveryNewCommentWaits()
    {
        var live = Live(lastSeq: 10);
        live.HoldAllNewComments = true;

        live.Apply(Event(11, ThreadEventKind.Posted, Comment(5, parentId: 1, depth: 1)));
        live.Apply(Event(12, ThreadEventKind.Posted, Comment(6, parentId: null, depth: 0)));

        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
        Assert.Equal(1, live.Comments[0].ReplyCount);
        Assert.Equal([5L, 6], Ids(live.Held));

        Assert.Equal(2, live.ShowHeld());
        Assert.Equal([1L, 2, 3, 5, 4, 6], Ids(live.Comments));
        Assert.Equal(2, live.Comments[0].ReplyCount);
        Assert.Empty(live.Held);
    }

    [Fact]
    public void AReplyToAHeldCommentWaitsForItAndThenGoesUnderIt()
    {
        var live = Live(lastSeq: 10);

        live.Apply(Event(11, ThreadEventKind.Posted, Comment(5, parentId: null, depth: 0)));
        live.Apply(Event(12, ThreadEventKind.Posted, Comment(6, parentId: 5, depth: 1)));

        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
        Assert.Equal([5L, 6], Ids(live.Held));

        live.ShowHeld();

        Assert.Equal([1L, 2, 3, 4, 5, 6], Ids(live.Comments));
        Assert.Equal(1, live.Comments[live.IndexOf(5)].ReplyCount);
    }

    [Fact]
    public void TheReadersOwnCommentShowsAtOnceAndOnlyOnce()
    {
        var live = Live(lastSeq: 10);
        live.HoldAllNewComments = true;
        var own = Comment(5, parentId: 2, depth: 2, author: "me");

        // The page shows the reader's comment when the post returns; its event may come before or after.
        live.ShowOwn(own);
        live.Apply(Event(11, ThreadEventKind.Posted, own));

        Assert.Equal([1L, 2, 3, 5, 4], Ids(live.Comments));
        Assert.Equal(2, live.Comments[live.IndexOf(2)].ReplyCount);
        Assert.Empty(live.Held);
    }

    [Fact]
    public void TheReadersOwnCommentHeldBeforeThePostReturnedIsTakenOutOfTheHeldOnes()
    {
        var live = Live(lastSeq: 10);
        live.HoldAllNewComments = true;
        var own = Comment(5, parentId: null, depth: 0, author: "me");

        live.Apply(Event(11, ThreadEventKind.Posted, own));
        live.ShowOwn(own);

        Assert.Equal([1L, 2, 3, 4, 5], Ids(live.Comments));
        Assert.Empty(live.Held);
    }
}
