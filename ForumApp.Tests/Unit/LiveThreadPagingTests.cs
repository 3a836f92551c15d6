using ForumApp.Data;
using ForumApp.Features.Threads;

namespace ForumApp.Tests.Unit;

/// <summary>Newest-first order, and pages read while events arrive, keep every comment once and in its place.</summary>
public sealed class LiveThreadPagingTests : LiveThreadTest
{
    [Fact]
    public void NewestFirstShowsANewConversationOnTopAndKeepsRepliesUnderTheirParents()
    {
        // Read newest conversation first: 4, then 1 with its replies, each conversation oldest reply first.
        var live = new LiveThread(Detail(lastSeq: 10, locked: false, [Four, One, Two, Three]), CommentSort.Newest);

        live.Apply(Event(11, ThreadEventKind.Posted, Comment(5, parentId: 1, depth: 1)));
        live.Apply(Event(12, ThreadEventKind.Posted, Comment(6, parentId: null, depth: 0)));
        live.Apply(Event(13, ThreadEventKind.Posted, Comment(7, parentId: null, depth: 0)));
        Assert.Equal([4L, 1, 2, 3, 5], Ids(live.Comments));

        live.ShowHeld();

        Assert.Equal([7L, 6, 4, 1, 2, 3, 5], Ids(live.Comments));
    }

    [Fact]
    public void WhilePagingOldestFirstANewConversationComesWithThePageThatReachesIt()
    {
        var live = Live(lastSeq: 10, nextCursor: "after-4");

        live.Apply(Event(11, ThreadEventKind.Posted, Comment(9, parentId: null, depth: 0)));

        // Its place is after comments not loaded yet, so it is neither shown nor offered yet.
        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
        Assert.Empty(live.Held);

        live.Append([Comment(8, parentId: null, depth: 0), Comment(9, parentId: null, depth: 0)], nextCursor: null);

        Assert.Equal([1L, 2, 3, 4, 8, 9], Ids(live.Comments));
        Assert.True(live.IsComplete);
    }

    [Fact]
    public void WhilePagingAReplyToACommentNotLoadedYetComesWithItsPage()
    {
        var live = Live(lastSeq: 10, nextCursor: "after-4");

        live.Apply(Event(11, ThreadEventKind.Posted, Comment(10, parentId: 8, depth: 1)));

        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
        Assert.Empty(live.Held);

        live.Append([Comment(8, parentId: null, depth: 0, replies: 1), Comment(10, parentId: 8, depth: 1)], nextCursor: null);

        Assert.Equal([1L, 2, 3, 4, 8, 10], Ids(live.Comments));
        Assert.Equal(1, live.Comments[live.IndexOf(8)].ReplyCount);
    }

    [Fact]
    public void APageOverlappingWhatEventsBroughtKeepsEachCommentOnce()
    {
        var live = Live(lastSeq: 10, nextCursor: "after-4");
        live.Apply(Event(11, ThreadEventKind.Posted, Comment(5, parentId: 4, depth: 1)));

        live.Append([Comment(5, parentId: 4, depth: 1), Comment(6, parentId: null, depth: 0)], nextCursor: null);

        Assert.Equal([1L, 2, 3, 4, 5, 6], Ids(live.Comments));
    }

    [Fact]
    public void WhilePagingAReplyToAConversationCutByThePageEndStillEndsUpAfterItsOlderSiblings()
    {
        // The first page ends inside 4's conversation: 4 has replies 5 and 6, and only 5 is loaded.
        var four = Four with { ReplyCount = 2 };
        var live = Live(lastSeq: 10, nextCursor: "after-5", One, Two, Three, four, Comment(5, parentId: 4, depth: 1));

        live.Apply(Event(11, ThreadEventKind.Posted, Comment(7, parentId: 4, depth: 1)));
        live.Append([Comment(6, parentId: 4, depth: 1), Comment(7, parentId: 4, depth: 1)], nextCursor: null);

        // 7 is 4's newest reply: after 6, which the next page brought.
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], Ids(live.Comments));
    }
}
