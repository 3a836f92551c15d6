using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Comments;
using Microsoft.EntityFrameworkCore;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Comments;

/// <summary>Posting a comment or a reply: what is stored, counted and announced, and posting twice with one request id. Through <see cref="CommentService"/> on a real SQLite file.</summary>
public sealed class PostingTests : CommentServiceTestBase
{
    [Fact]
    public async Task TopLevelCommentIsStoredWithAPostedEventAndCountsForTheThread()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        _clock.Advance(TimeSpan.FromMinutes(3));

        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "  Hello *there*  ", null));

        var comment = posted.Comment;
        Assert.False(posted.Replayed);
        Assert.Equal(1, posted.Seq);
        Assert.Equal(threadId, comment.ThreadId);
        Assert.Null(comment.ParentId);
        Assert.Equal(0, comment.Depth);
        Assert.Equal(alice.DisplayName, comment.Author);
        Assert.Equal(alice.Id, comment.AuthorId);
        Assert.Equal("Hello *there*", comment.Body);
        Assert.Equal("<p>Hello <em>there</em></p>", comment.BodyHtml?.Trim());
        Assert.Equal(_clock.UtcNow.UtcDateTime, comment.CreatedAt);
        Assert.Null(comment.EditedAt);
        Assert.False(comment.Deleted);
        Assert.Null(comment.DeletedBy);
        Assert.Null(comment.Reason);
        Assert.Equal(0, comment.ReplyCount);

        var stored = await StoredCommentAsync(comment.Id);
        Assert.Equal("Hello *there*", stored.Body);
        Assert.Equal(CommentState.Visible, stored.State);

        Assert.Equal(
            new ThreadState(StoredComments: 1, Events: 1, CommentCount: 1, LastSeq: 1, LastActivityAt: _clock.UtcNow.UtcDateTime),
            await ThreadStateAsync(threadId));
        var threadEvent = Assert.Single(await EventsAsync(threadId));
        Assert.Equal((1L, ThreadEventKind.Posted, (long?)comment.Id, _clock.UtcNow.UtcDateTime), (threadEvent.Seq, threadEvent.Kind, threadEvent.CommentId, threadEvent.At));
    }

    [Fact]
    public async Task ReplyToAReplyToAReplyIsThreeLevelsDeep()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var bob = await CreateMemberAsync();

        var root = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "root", null));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var reply = Succeeded(await _comments.PostAsync(bob.Principal, threadId, root.Comment.Id, "reply", null));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var replyToReply = Succeeded(await _comments.PostAsync(alice.Principal, threadId, reply.Comment.Id, "reply to reply", null));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var deepest = Succeeded(await _comments.PostAsync(bob.Principal, threadId, replyToReply.Comment.Id, "deepest", null));

        Assert.Equal([0, 1, 2, 3], new[] { root, reply, replyToReply, deepest }.Select(p => p.Comment.Depth));
        Assert.Equal(replyToReply.Comment.Id, deepest.Comment.ParentId);
        Assert.Equal(3, (await StoredCommentAsync(deepest.Comment.Id)).Depth);
        Assert.Equal([1L, 2L, 3L, 4L], new[] { root, reply, replyToReply, deepest }.Select(p => p.Seq));

        // Each ancestor counts its one direct reply, not the whole subtree.
        Assert.Equal(1, (await StoredCommentAsync(root.Comment.Id)).ReplyCount);
        Assert.Equal(1, (await StoredCommentAsync(reply.Comment.Id)).ReplyCount);
        Assert.Equal(1, (await StoredCommentAsync(replyToReply.Comment.Id)).ReplyCount);
        Assert.Equal(0, (await StoredCommentAsync(deepest.Comment.Id)).ReplyCount);

        Assert.Equal(
            new ThreadState(StoredComments: 4, Events: 4, CommentCount: 4, LastSeq: 4, LastActivityAt: _clock.UtcNow.UtcDateTime),
            await ThreadStateAsync(threadId));
        var events = await EventsAsync(threadId);
        Assert.All(events, e => Assert.Equal(ThreadEventKind.Posted, e.Kind));
        Assert.Equal(
            new long?[] { root.Comment.Id, reply.Comment.Id, replyToReply.Comment.Id, deepest.Comment.Id },
            events.Select(e => e.CommentId));
    }

    [Fact]
    public async Task SecondReplyToTheSameParentRaisesItsReplyCountToTwo()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var root = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "root", null));

        Succeeded(await _comments.PostAsync(alice.Principal, threadId, root.Comment.Id, "first", null));
        Succeeded(await _comments.PostAsync(alice.Principal, threadId, root.Comment.Id, "second", null));

        Assert.Equal(2, (await StoredCommentAsync(root.Comment.Id)).ReplyCount);
        var read = await ReadThreadAsync(threadId);
        Assert.Equal(2, read.Single(c => c.Id == root.Comment.Id).ReplyCount);
    }

    [Fact]
    public async Task RepeatedClientRequestIdReturnsTheOriginalEvenWhenTheBodyDiffers()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var first = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "first attempt", "req-42"));
        _clock.Advance(TimeSpan.FromSeconds(5));

        var again = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "second attempt", "req-42"));

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.Comment.Id, again.Comment.Id);
        Assert.Equal(first.Seq, again.Seq);
        Assert.Equal("first attempt", again.Comment.Body);
        Assert.Equal(first.Comment.CreatedAt, again.Comment.CreatedAt);
        Assert.Equal(
            new ThreadState(StoredComments: 1, Events: 1, CommentCount: 1, LastSeq: 1, LastActivityAt: _startUtc),
            await ThreadStateAsync(threadId));
    }

    [Fact]
    public async Task ConcurrentPostsWithTheSameClientRequestIdStoreOneComment()
    {
        const int attempts = 8;
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attemptsInFlight = Enumerable.Range(0, attempts).Select(attempt => Task.Run(async () =>
        {
            await go.Task;
            return await _comments.PostAsync(alice.Principal, threadId, null, $"attempt {attempt}", "same-request");
        })).ToList();
        go.SetResult();
        var results = await Task.WhenAll(attemptsInFlight);

        var posted = results.Select(Succeeded).ToList();
        Assert.Single(posted, p => !p.Replayed);
        Assert.Single(posted.Select(p => p.Comment.Id).Distinct());
        Assert.All(posted, p => Assert.Equal(1, p.Seq));
        Assert.Equal(
            new ThreadState(StoredComments: 1, Events: 1, CommentCount: 1, LastSeq: 1, LastActivityAt: _startUtc),
            await ThreadStateAsync(threadId));
    }

    [Fact]
    public async Task AnotherAuthorMayUseTheSameClientRequestId()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var bob = await CreateMemberAsync();

        var fromAlice = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "alice", "shared-id"));
        var fromBob = Succeeded(await _comments.PostAsync(bob.Principal, threadId, null, "bob", "shared-id"));

        Assert.False(fromBob.Replayed);
        Assert.NotEqual(fromAlice.Comment.Id, fromBob.Comment.Id);
        Assert.Equal("bob", fromBob.Comment.Body);
        Assert.Equal(2, (await ThreadStateAsync(threadId)).StoredComments);
    }

    [Fact]
    public async Task PostedEventIsPublishedAfterTheCommentIsCommitted()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var committedWhenPublished = new List<bool>();
        using var subscription = Bus.SubscribeThread(threadId, async e =>
        {
            await using var db = Database.CreateDbContext();
            committedWhenPublished.Add(await db.Comments.AnyAsync(c => c.Id == e.Comment!.Id));
        });
        var published = CapturePublished(threadId);

        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "live", "live-1"));

        var threadEvent = Assert.Single(published);
        Assert.Equal((threadId, posted.Seq, ThreadEventKind.Posted), (threadEvent.ThreadId, threadEvent.Seq, threadEvent.Kind));
        Assert.Equal(posted.Comment, threadEvent.Comment);
        Assert.Equal([true], committedWhenPublished);

        // A replay and a refusal change nothing, so they announce nothing.
        Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "live", "live-1"));
        AssertError(await _comments.PostAsync(alice.Principal, threadId, null, " ", null), ForumErrorKind.Invalid, field: "body");
        Assert.Single(published);
    }
}
