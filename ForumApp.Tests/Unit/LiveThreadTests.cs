using ForumApp.Realtime;
using ForumApp.Data;
using ForumApp.Features.Comments;
using ForumApp.Features.Threads;

namespace ForumApp.Tests.Unit;

public sealed class LiveThreadTests
{
    private const long ThreadId = 7;
    private static readonly DateTime _start = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    // The tree every test starts from, in display order:
    //   1
    //     2
    //       3
    //   4
    private static readonly CommentView _one = Comment(1, parentId: null, depth: 0, replies: 1);
    private static readonly CommentView _two = Comment(2, parentId: 1, depth: 1, replies: 1);
    private static readonly CommentView _three = Comment(3, parentId: 2, depth: 2);
    private static readonly CommentView _four = Comment(4, parentId: null, depth: 0);

    [Fact]
    public void AppliesTheNextEventAndMovesItsSequenceOn()
    {
        var live = Live(lastSeq: 10);

        var outcome = live.Apply(Event(11, ThreadEventKind.Edited, _three with { Body = "changed" }));

        Assert.Equal(EventOutcome.Applied, outcome);
        Assert.Equal(11, live.LastSeq);
        Assert.Equal("changed", live.Comments[live.IndexOf(3)].Body);
    }

    [Fact]
    public void IgnoresAnEventItAlreadyApplied()
    {
        var live = Live(lastSeq: 10);
        var reply = Event(11, ThreadEventKind.Posted, Comment(5, parentId: 4, depth: 1));
        live.Apply(reply);

        Assert.Equal(EventOutcome.AlreadyApplied, live.Apply(reply));
        Assert.Equal(EventOutcome.AlreadyApplied, live.Apply(Event(9, ThreadEventKind.Edited, _one with { Body = "stale" })));

        Assert.Equal(11, live.LastSeq);
        Assert.Equal([1L, 2, 3, 4, 5], Ids(live.Comments));
        Assert.Equal(1, live.Comments[live.IndexOf(4)].ReplyCount);
        Assert.Equal("body of 1", live.Comments[0].Body);
    }

    [Fact]
    public void ReportsAGapAndAppliesNothingUntilTheMissingEventsArrive()
    {
        var live = Live(lastSeq: 10);
        var edit = Event(12, ThreadEventKind.Edited, _one with { Body = "edited after the reply" });

        Assert.Equal(EventOutcome.Gap, live.Apply(edit));
        Assert.Equal(10, live.LastSeq);
        Assert.Equal("body of 1", live.Comments[0].Body);

        Assert.Equal(EventOutcome.Applied, live.Apply(Event(11, ThreadEventKind.Posted, Comment(5, parentId: 4, depth: 1))));
        Assert.Equal(EventOutcome.Applied, live.Apply(edit));
        Assert.Equal(12, live.LastSeq);
        Assert.Equal("edited after the reply", live.Comments[0].Body);
    }

    [Fact]
    public void AReplyGoesAfterItsParentsWholeSubtreeAndCountsAsItsReply()
    {
        var live = Live(lastSeq: 10);

        live.Apply(Event(11, ThreadEventKind.Posted, Comment(5, parentId: 1, depth: 1)));

        Assert.Equal([1L, 2, 3, 5, 4], Ids(live.Comments));
        Assert.Equal(2, live.Comments[0].ReplyCount);
        Assert.Empty(live.Held);
    }

    [Fact]
    public void CatchingUpOnACommentAlreadyReadDoesNotShowItTwice()
    {
        // The page read comment 5 from the database, then caught up from a sequence number read just before.
        var five = Comment(5, parentId: 4, depth: 1);
        var live = Live(lastSeq: 10, _one, _two, _three, _four with { ReplyCount = 1 }, five);

        live.Apply(Event(11, ThreadEventKind.Posted, five));

        Assert.Equal([1L, 2, 3, 4, 5], Ids(live.Comments));
        Assert.Equal(1, live.Comments[live.IndexOf(4)].ReplyCount);
        Assert.Empty(live.Held);
    }

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

    [Fact]
    public void AnEditReplacesTheCommentInItsPlace()
    {
        var live = Live(lastSeq: 10);
        var edited = _two with { Body = "better words", BodyHtml = "<p>better words</p>", EditedAt = _start.AddMinutes(5) };

        live.Apply(Event(11, ThreadEventKind.Edited, edited));

        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
        Assert.Equal(edited, live.Comments[1]);
    }

    [Fact]
    public void AnEditOfAHeldCommentIsWhatTheReaderSeesWhenShowingIt()
    {
        var live = Live(lastSeq: 10);
        var five = Comment(5, parentId: null, depth: 0);
        live.Apply(Event(11, ThreadEventKind.Posted, five));

        live.Apply(Event(12, ThreadEventKind.Edited, five with { Body = "second thoughts", EditedAt = _start.AddMinutes(1) }));
        live.ShowHeld();

        Assert.Equal("second thoughts", live.Comments[live.IndexOf(5)].Body);
    }

    [Fact]
    public void AModeratorsRemovalLeavesATombstoneAndKeepsTheReplies()
    {
        var live = Live(lastSeq: 10);
        var removed = _two with { Body = null, BodyHtml = null, Deleted = true, DeletedBy = "moderator", Reason = "Off topic" };

        live.Apply(Event(11, ThreadEventKind.Removed, removed));

        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
        Assert.Equal(removed, live.Comments[1]);
        Assert.Equal(1, live.Comments[0].ReplyCount);
    }

    [Fact]
    public void AModeratorsRemovalOfALeafStillLeavesATombstone()
    {
        var live = Live(lastSeq: 10);

        live.Apply(Event(11, ThreadEventKind.Removed, Deleted(_three, by: "moderator")));

        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
        Assert.True(live.Comments[2].Deleted);
    }

    [Fact]
    public void ARestoredCommentShowsItsTextAgain()
    {
        var live = Live(lastSeq: 10);
        live.Apply(Event(11, ThreadEventKind.Removed, Deleted(_two, by: "moderator")));

        live.Apply(Event(12, ThreadEventKind.Restored, _two));

        Assert.Equal(_two, live.Comments[1]);
    }

    [Fact]
    public void ACommentItsAuthorDeletedWithoutRepliesVanishes()
    {
        var live = Live(lastSeq: 10);

        live.Apply(Event(11, ThreadEventKind.Deleted, Deleted(_three, by: "author")));

        Assert.Equal([1L, 2, 4], Ids(live.Comments));
        Assert.Equal(0, live.Comments[1].ReplyCount);
    }

    [Fact]
    public void ACommentItsAuthorDeletedKeepsATombstoneWhileItHasReplies()
    {
        var live = Live(lastSeq: 10);

        live.Apply(Event(11, ThreadEventKind.Deleted, Deleted(_two, by: "author")));

        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
        Assert.Equal("author", live.Comments[1].DeletedBy);
    }

    [Fact]
    public void DeletingTheLastReplyUnderAnAuthorDeletedChainTakesTheChainWithIt()
    {
        // 1 ← 2 ← 3, with 1 and 2 already deleted by their authors; deleting 3 leaves nothing to show of them.
        var live = Live(lastSeq: 10, Deleted(_one, by: "author"), Deleted(_two, by: "author"), _three, _four);

        live.Apply(Event(11, ThreadEventKind.Deleted, Deleted(_three, by: "author")));

        Assert.Equal([4L], Ids(live.Comments));
    }

    [Fact]
    public void TheCascadeStopsAtAParentThatStillHasReplies()
    {
        // 1 has two replies; 2 (deleted by its author) has only 3.
        var six = Comment(6, parentId: 1, depth: 1);
        var live = Live(lastSeq: 10, _one with { ReplyCount = 2 }, Deleted(_two, by: "author"), _three, six, _four);

        live.Apply(Event(11, ThreadEventKind.Deleted, Deleted(_three, by: "author")));

        Assert.Equal([1L, 6, 4], Ids(live.Comments));
        Assert.Equal(1, live.Comments[0].ReplyCount);
        Assert.False(live.Comments[0].Deleted);
    }

    [Fact]
    public void TheCascadeStopsAtAParentAModeratorRemoved()
    {
        var live = Live(lastSeq: 10, _one, Deleted(_two, by: "moderator"), _three, _four);

        live.Apply(Event(11, ThreadEventKind.Deleted, Deleted(_three, by: "author")));

        Assert.Equal([1L, 2, 4], Ids(live.Comments));
        Assert.Equal("moderator", live.Comments[1].DeletedBy);
        Assert.Equal(0, live.Comments[1].ReplyCount);
    }

    [Fact]
    public void AHeldCommentItsAuthorDeletedIsNeverShown()
    {
        var live = Live(lastSeq: 10);
        var five = Comment(5, parentId: null, depth: 0);
        live.Apply(Event(11, ThreadEventKind.Posted, five));

        live.Apply(Event(12, ThreadEventKind.Deleted, Deleted(five, by: "author")));
        live.ShowHeld();

        // As in reads: an author's deletion that nobody answered leaves no trace, not even a tombstone.
        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
    }

    [Fact]
    public void LockingAndUnlockingFollowTheEvents()
    {
        var live = Live(lastSeq: 10);

        live.Apply(Event(11, ThreadEventKind.Locked, null));
        Assert.True(live.Locked);
        Assert.Equal(11, live.LastSeq);

        live.Apply(Event(12, ThreadEventKind.Unlocked, null));
        Assert.False(live.Locked);
        Assert.Equal(12, live.LastSeq);
        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
    }

    [Fact]
    public void StartsLockedWhenTheThreadWasReadLocked()
    {
        var live = new LiveThread(Detail(lastSeq: 3, locked: true, [_one]));

        Assert.True(live.Locked);
        Assert.Equal(3, live.LastSeq);
    }

    [Fact]
    public void TheCommentCountFollowsPostsDeletionsRemovalsAndRestores()
    {
        var live = Live(lastSeq: 10);
        Assert.Equal(4, live.CommentCount);

        live.Apply(Event(11, ThreadEventKind.Posted, Comment(5, parentId: 4, depth: 1)));
        live.Apply(Event(12, ThreadEventKind.Posted, Comment(6, parentId: null, depth: 0)));
        Assert.Equal(6, live.CommentCount);

        live.Apply(Event(13, ThreadEventKind.Removed, Deleted(_two, by: "moderator")));
        live.Apply(Event(14, ThreadEventKind.Deleted, Deleted(_three, by: "author")));
        Assert.Equal(4, live.CommentCount);

        live.Apply(Event(15, ThreadEventKind.Restored, _two));
        live.Apply(Event(16, ThreadEventKind.Edited, _one with { Body = "edits do not count" }));
        live.Apply(Event(17, ThreadEventKind.Locked, null));
        Assert.Equal(5, live.CommentCount);
    }

    [Fact]
    public void NewestFirstShowsANewConversationOnTopAndKeepsRepliesUnderTheirParents()
    {
        // Read newest conversation first: 4, then 1 with its replies, each conversation oldest reply first.
        var live = new LiveThread(Detail(lastSeq: 10, locked: false, [_four, _one, _two, _three]), CommentSort.Newest);

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
        var four = _four with { ReplyCount = 2 };
        var live = Live(lastSeq: 10, nextCursor: "after-5", _one, _two, _three, four, Comment(5, parentId: 4, depth: 1));

        live.Apply(Event(11, ThreadEventKind.Posted, Comment(7, parentId: 4, depth: 1)));
        live.Append([Comment(6, parentId: 4, depth: 1), Comment(7, parentId: 4, depth: 1)], nextCursor: null);

        // 7 is 4's newest reply: after 6, which the next page brought.
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], Ids(live.Comments));
    }

    private static LiveThread Live(long lastSeq, params CommentView[] comments) => Live(lastSeq, nextCursor: null, comments);

    private static LiveThread Live(long lastSeq, string? nextCursor, params CommentView[] comments) =>
        new(Detail(lastSeq, locked: false, comments.Length == 0 ? [_one, _two, _three, _four] : comments, nextCursor));

    private static ThreadDetail Detail(long lastSeq, bool locked, IReadOnlyList<CommentView> comments, string? nextCursor = null) =>
        new(ThreadId, "A thread", "a-thread", "The article.", "<p>The article.</p>", "op", _start, locked, lastSeq, comments, nextCursor,
            CommentCount: comments.Count(c => !c.Deleted));

    private static CommentView Comment(long id, long? parentId, int depth, int replies = 0, string author = "someone") =>
        new(id, ThreadId, parentId, depth, author, AuthorId: 100 + id, $"body of {id}", $"<p>body of {id}</p>",
            _start.AddSeconds(id), EditedAt: null, Deleted: false, DeletedBy: null, Reason: null, replies);

    private static CommentView Deleted(CommentView comment, string by) =>
        comment with { Body = null, BodyHtml = null, Deleted = true, DeletedBy = by };

    private static ThreadEventView Event(long seq, ThreadEventKind kind, CommentView? comment) =>
        new(ThreadId, seq, kind, _start.AddMinutes(seq), comment);

    private static long[] Ids(IEnumerable<CommentView> comments) => comments.Select(c => c.Id).ToArray();
}
