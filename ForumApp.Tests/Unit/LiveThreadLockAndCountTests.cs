using ForumApp.Data;
using ForumApp.Features.Threads;

namespace ForumApp.Tests.Unit;

/// <summary>The lock and the comment count follow the events.</summary>
public sealed class LiveThreadLockAndCountTests : LiveThreadTest
{
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
        var live = new LiveThread(Detail(lastSeq: 3, locked: true, [One]));

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

        live.Apply(Event(13, ThreadEventKind.Removed, Deleted(Two, by: "moderator")));
        live.Apply(Event(14, ThreadEventKind.Deleted, Deleted(Three, by: "author")));
        Assert.Equal(4, live.CommentCount);

        live.Apply(Event(15, ThreadEventKind.Restored, Two));
        live.Apply(Event(16, ThreadEventKind.Edited, One with { Body = "edits do not count" }));
        live.Apply(Event(17, ThreadEventKind.Locked, null));
        Assert.Equal(5, live.CommentCount);
    }
}
