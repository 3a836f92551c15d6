using ForumApp.Features.Threads;
using ForumApp.Realtime;

namespace ForumApp.Tests.Threads;

/// <summary>
/// A thread's first screen is kept between readers, and never served once anything on it changed: every write,
/// here or through another instance, every vote and every moderation shows on the next read.
/// </summary>
public sealed class FirstScreenCacheTests : IAsyncLifetime
{
    private TestForum _forum = null!;
    private TestMember _author = null!;
    private TestMember _reader = null!;
    private long _threadId;
    private CommentView _first = null!;
    private CommentView _second = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync(new TestClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), TestClockTimers.Manual));
        _author = await _forum.AddMemberAsync("Writer");
        _reader = await _forum.AddMemberAsync("Reader");
        _threadId = (await _forum.StartThreadAsync(_author)).Id;
        _first = await _forum.PostAsync(_author, _threadId, "the first words");
        _second = await _forum.PostAsync(_author, _threadId, "the second words");
    }

    public async Task DisposeAsync() => await _forum.DisposeAsync();

    [Fact]
    public async Task AnUnchangedThreadIsServedFromMemoryAndANewCommentIsOnTheNextRead()
    {
        var read = await ScreenAsync();
        var again = await ScreenAsync();
        Assert.Same(read.Comments, again.Comments);

        var posted = await _forum.PostAsync(_reader, _threadId, "a late reply", _first.Id);
        var after = await ScreenAsync();

        Assert.NotSame(read.Comments, after.Comments);
        Assert.Contains(after.Comments, c => c.Id == posted.Id && c.Body == "a late reply");
        Assert.Equal(1, after.Comments.Single(c => c.Id == _first.Id).ReplyCount);
    }

    [Fact]
    public async Task EditsDeletionsAndRemovalsAreOnTheNextReadAndRemovedWordsAreNot()
    {
        await ScreenAsync();
        TestForum.Succeeded(await _forum.Comments.EditAsync(_author.Principal, _threadId, _first.Id, "words on second thought"));
        Assert.Equal("words on second thought", (await ScreenAsync()).Comments.Single(c => c.Id == _first.Id).Body);

        var moderator = await _forum.AddModeratorAsync();
        TestForum.Succeeded(await _forum.CommentModeration.RemoveCommentAsync(moderator.Principal, _second.Id, "Off topic", includeReplies: false));
        var removed = (await ScreenAsync()).Comments.Single(c => c.Id == _second.Id);
        Assert.True(removed.Deleted);
        Assert.Null(removed.Body);
        Assert.Null(removed.BodyHtml);

        TestForum.Succeeded(await _forum.Comments.DeleteAsync(_author.Principal, _threadId, _first.Id));
        Assert.DoesNotContain((await ScreenAsync()).Comments, c => c.Body == "words on second thought");
    }

    [Fact]
    public async Task AVoteMovesTheScoreAndTheOrderOnTheNextRead()
    {
        var before = await ScreenAsync(CommentSort.Top);
        Assert.Equal([_first.Id, _second.Id], before.Comments.Select(c => c.Id));

        TestForum.Succeeded(await _forum.Votes.VoteAsync(_reader.Principal, _second.Id, 1));
        var after = await ScreenAsync(CommentSort.Top);

        Assert.Equal([_second.Id, _first.Id], after.Comments.Select(c => c.Id));
        Assert.Equal(1, after.Comments[0].Score);
    }

    [Fact]
    public async Task ScoresPublishedByAnotherInstanceDropTheScreen()
    {
        var read = await ScreenAsync();

        await _forum.Bus.PublishAsync(new ScoresChanged(_threadId, [new CommentScore(_first.Id, 3)]));

        Assert.NotSame(read.Comments, (await ScreenAsync()).Comments);
    }

    [Fact]
    public async Task AWriteThroughAnotherInstanceIsSeenWithoutAnyMessage()
    {
        // A second instance on the same database, hearing nothing from this one (no Redis between them).
        var other = ServiceGraph.Threads(_forum.DbFactory, _forum.Renderer, _forum.Limits, _forum.Clock);
        var kept = await other.GetConversationsAsync(_threadId, CommentSort.Best);
        Assert.Same(kept!.Thread.Comments, (await other.GetConversationsAsync(_threadId, CommentSort.Best))!.Thread.Comments);

        var posted = await _forum.PostAsync(_reader, _threadId, "written on the first instance");
        TestForum.Succeeded(await _forum.ThreadModeration.EditThreadAsync(
            (await _forum.AddModeratorAsync()).Principal, _threadId, "A new title", "A new article."));

        var read = await other.GetConversationsAsync(_threadId, CommentSort.Best);
        Assert.Contains(read!.Thread.Comments, c => c.Id == posted.Id);
        Assert.Equal("A new title", read.Thread.Title);
    }

    [Fact]
    public async Task OnlyTheFirstScreenIsKept()
    {
        var first = await _forum.Threads.GetConversationsAsync(_threadId, CommentSort.Oldest, count: 1);
        var again = await _forum.Threads.GetConversationsAsync(_threadId, CommentSort.Oldest, count: 1);

        Assert.NotSame(first!.Thread.Comments, again!.Thread.Comments);
    }

    private async Task<ThreadDetail> ScreenAsync(CommentSort sort = CommentSort.Best) =>
        (await _forum.Threads.GetConversationsAsync(_threadId, sort))!.Thread;
}
