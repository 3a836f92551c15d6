using ForumApp.Data;
using ForumApp.Features.Threads;

namespace ForumApp.Tests.Unit;

/// <summary>Events apply in sequence order: once each, never across a gap, and a reply lands under its parent.</summary>
public sealed class LiveThreadSequenceTests : LiveThreadTest
{
    [Fact]
    public void AppliesTheNextEventAndMovesItsSequenceOn()
    {
        var live = Live(lastSeq: 10);

        var outcome = live.Apply(Event(11, ThreadEventKind.Edited, Three with { Body = "changed" }));

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
        Assert.Equal(EventOutcome.AlreadyApplied, live.Apply(Event(9, ThreadEventKind.Edited, One with { Body = "stale" })));

        Assert.Equal(11, live.LastSeq);
        Assert.Equal([1L, 2, 3, 4, 5], Ids(live.Comments));
        Assert.Equal(1, live.Comments[live.IndexOf(4)].ReplyCount);
        Assert.Equal("body of 1", live.Comments[0].Body);
    }

    [Fact]
    public void ReportsAGapAndAppliesNothingUntilTheMissingEventsArrive()
    {
        var live = Live(lastSeq: 10);
        var edit = Event(12, ThreadEventKind.Edited, One with { Body = "edited after the reply" });

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
        var live = Live(lastSeq: 10, One, Two, Three, Four with { ReplyCount = 1 }, five);

        live.Apply(Event(11, ThreadEventKind.Posted, five));

        Assert.Equal([1L, 2, 3, 4, 5], Ids(live.Comments));
        Assert.Equal(1, live.Comments[live.IndexOf(4)].ReplyCount);
        Assert.Empty(live.Held);
    }

    [Fact]
    public void AReplyWhoseIdIsBelowOneAlreadyShownStillArrives()
    {
        // Two writers' comments can commit in the other order than their ids were given: 9 is shown before 6 comes.
        var live = Live(lastSeq: 10, One, Two, Three, Four with { ReplyCount = 1 }, Comment(9, parentId: 4, depth: 1));

        live.Apply(Event(11, ThreadEventKind.Posted, Comment(6, parentId: 1, depth: 1)));

        Assert.Equal([1L, 2, 3, 6, 4, 9], Ids(live.Comments));
    }

    [Fact]
    public void CatchingUpOnACommentReadBeforeANewerOneDoesNotShowItTwice()
    {
        var five = Comment(5, parentId: 4, depth: 1);
        var live = Live(lastSeq: 10, One, Two, Three, Four with { ReplyCount = 2 }, five, Comment(9, parentId: 4, depth: 1));

        live.Apply(Event(11, ThreadEventKind.Posted, five));

        Assert.Equal([1L, 2, 3, 4, 5, 9], Ids(live.Comments));
    }
}
