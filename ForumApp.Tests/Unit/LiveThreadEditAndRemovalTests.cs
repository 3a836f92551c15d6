using ForumApp.Data;
using ForumApp.Features.Threads;

namespace ForumApp.Tests.Unit;

/// <summary>Edits, moderator removals and author deletions change the tree in place, tombstones where replies remain.</summary>
public sealed class LiveThreadEditAndRemovalTests : LiveThreadTest
{
    [Fact]
    public void AnEditReplacesTheCommentInItsPlace()
    {
        var live = Live(lastSeq: 10);
        var edited = Two with { Body = "better words", BodyHtml = "<p>better words</p>", EditedAt = Start.AddMinutes(5) };

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

        live.Apply(Event(12, ThreadEventKind.Edited, five with { Body = "second thoughts", EditedAt = Start.AddMinutes(1) }));
        live.ShowHeld();

        Assert.Equal("second thoughts", live.Comments[live.IndexOf(5)].Body);
    }

    [Fact]
    public void AModeratorsRemovalLeavesATombstoneAndKeepsTheReplies()
    {
        var live = Live(lastSeq: 10);
        var removed = Two with { Body = null, BodyHtml = null, Deleted = true, DeletedBy = "moderator", Reason = "Off topic" };

        live.Apply(Event(11, ThreadEventKind.Removed, removed));

        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
        Assert.Equal(removed, live.Comments[1]);
        Assert.Equal(1, live.Comments[0].ReplyCount);
    }

    [Fact]
    public void AModeratorsRemovalOfALeafStillLeavesATombstone()
    {
        var live = Live(lastSeq: 10);

        live.Apply(Event(11, ThreadEventKind.Removed, Deleted(Three, by: "moderator")));

        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
        Assert.True(live.Comments[2].Deleted);
    }

    [Fact]
    public void ARestoredCommentShowsItsTextAgain()
    {
        var live = Live(lastSeq: 10);
        live.Apply(Event(11, ThreadEventKind.Removed, Deleted(Two, by: "moderator")));

        live.Apply(Event(12, ThreadEventKind.Restored, Two));

        Assert.Equal(Two, live.Comments[1]);
    }

    [Fact]
    public void ACommentItsAuthorDeletedWithoutRepliesVanishes()
    {
        var live = Live(lastSeq: 10);

        live.Apply(Event(11, ThreadEventKind.Deleted, Deleted(Three, by: "author")));

        Assert.Equal([1L, 2, 4], Ids(live.Comments));
        Assert.Equal(0, live.Comments[1].ReplyCount);
    }

    [Fact]
    public void ACommentItsAuthorDeletedKeepsATombstoneWhileItHasReplies()
    {
        var live = Live(lastSeq: 10);

        live.Apply(Event(11, ThreadEventKind.Deleted, Deleted(Two, by: "author")));

        Assert.Equal([1L, 2, 3, 4], Ids(live.Comments));
        Assert.Equal("author", live.Comments[1].DeletedBy);
    }

    [Fact]
    public void DeletingTheLastReplyUnderAnAuthorDeletedChainTakesTheChainWithIt()
    {
        // 1 ← 2 ← 3, with 1 and 2 already deleted by their authors; deleting 3 leaves nothing to show of them.
        var live = Live(lastSeq: 10, Deleted(One, by: "author"), Deleted(Two, by: "author"), Three, Four);

        live.Apply(Event(11, ThreadEventKind.Deleted, Deleted(Three, by: "author")));

        Assert.Equal([4L], Ids(live.Comments));
    }

    [Fact]
    public void TheCascadeStopsAtAParentThatStillHasReplies()
    {
        // 1 has two replies; 2 (deleted by its author) has only 3.
        var six = Comment(6, parentId: 1, depth: 1);
        var live = Live(lastSeq: 10, One with { ReplyCount = 2 }, Deleted(Two, by: "author"), Three, six, Four);

        live.Apply(Event(11, ThreadEventKind.Deleted, Deleted(Three, by: "author")));

        Assert.Equal([1L, 6, 4], Ids(live.Comments));
        Assert.Equal(1, live.Comments[0].ReplyCount);
        Assert.False(live.Comments[0].Deleted);
    }

    [Fact]
    public void TheCascadeStopsAtAParentAModeratorRemoved()
    {
        var live = Live(lastSeq: 10, One, Deleted(Two, by: "moderator"), Three, Four);

        live.Apply(Event(11, ThreadEventKind.Deleted, Deleted(Three, by: "author")));

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
}
