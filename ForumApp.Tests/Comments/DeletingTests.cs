using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Comments;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Comments;

/// <summary>Deleting a comment: only by its author, replies kept under a tombstone, and the event it writes. Through <see cref="CommentService"/> on a real SQLite file.</summary>
public sealed class DeletingTests : CommentServiceTestBase
{
    [Fact]
    public async Task OnlyTheAuthorCanDelete()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var mallory = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "mine", null));
        var before = await ThreadStateAsync(threadId);
        var published = CapturePublished(threadId);

        AssertError(await _comments.DeleteAsync(mallory.Principal, threadId, posted.Comment.Id), ForumErrorKind.Forbidden);
        AssertError(await _comments.DeleteAsync(null, threadId, posted.Comment.Id), ForumErrorKind.Unauthenticated);

        await AssertUnchangedAsync(posted.Comment.Id, "mine");
        Assert.Null((await StoredCommentAsync(posted.Comment.Id)).DeletedAt);
        Assert.Equal(before, await ThreadStateAsync(threadId));
        Assert.Contains(await ReadThreadAsync(threadId), c => c.Id == posted.Comment.Id && !c.Deleted);
        Assert.Empty(published);
    }

    [Fact]
    public async Task DeletingACommentKeepsItsRepliesUnderATombstone()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var bob = await CreateMemberAsync();
        var parent = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "parent words", null));
        var reply = Succeeded(await _comments.PostAsync(bob.Principal, threadId, parent.Comment.Id, "reply words", null));

        var deleted = Succeeded(await _comments.DeleteAsync(alice.Principal, threadId, parent.Comment.Id));

        Assert.True(deleted.Deleted);
        Assert.Equal("author", deleted.DeletedBy);
        Assert.Null(deleted.Body);
        Assert.Null(deleted.BodyHtml);

        var read = await ReadThreadAsync(threadId);
        Assert.Equal([parent.Comment.Id, reply.Comment.Id], read.Select(c => c.Id));
        var tombstone = read[0];
        Assert.True(tombstone.Deleted);
        Assert.Equal("author", tombstone.DeletedBy);
        Assert.Null(tombstone.Body);
        Assert.Null(tombstone.BodyHtml);
        Assert.Null(tombstone.Reason);
        Assert.Equal(1, tombstone.ReplyCount);
        Assert.Equal(alice.DisplayName, tombstone.Author);
        Assert.Equal(("reply words", false, (long?)parent.Comment.Id), (read[1].Body, read[1].Deleted, read[1].ParentId));

        var stored = await StoredCommentAsync(parent.Comment.Id);
        Assert.Equal((CommentState.DeletedByAuthor, (DateTime?)_startUtc, (long?)alice.Id), (stored.State, stored.DeletedAt, stored.DeletedById));
    }

    [Fact]
    public async Task DeletedCommentWithoutRepliesLeavesReadsAndItsParentCountsOneReplyLess()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var bob = await CreateMemberAsync();
        var parent = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "parent", null));
        var staying = Succeeded(await _comments.PostAsync(alice.Principal, threadId, parent.Comment.Id, "staying", null));
        var leaving = Succeeded(await _comments.PostAsync(bob.Principal, threadId, parent.Comment.Id, "leaving", null));
        Assert.Equal(2, (await StoredCommentAsync(parent.Comment.Id)).ReplyCount);

        Succeeded(await _comments.DeleteAsync(bob.Principal, threadId, leaving.Comment.Id));

        var read = await ReadThreadAsync(threadId);
        Assert.Equal([parent.Comment.Id, staying.Comment.Id], read.Select(c => c.Id));
        Assert.Equal(1, read[0].ReplyCount);
        Assert.Equal(1, (await StoredCommentAsync(parent.Comment.Id)).ReplyCount);
    }

    [Fact]
    public async Task DeletingTheLastReplyOfATombstoneTakesBothOutOfReads()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var bob = await CreateMemberAsync();
        var root = Succeeded(await _comments.PostAsync(bob.Principal, threadId, null, "root", null));
        var middle = Succeeded(await _comments.PostAsync(alice.Principal, threadId, root.Comment.Id, "middle", null));
        var leaf = Succeeded(await _comments.PostAsync(bob.Principal, threadId, middle.Comment.Id, "leaf", null));
        Succeeded(await _comments.DeleteAsync(alice.Principal, threadId, middle.Comment.Id));

        Succeeded(await _comments.DeleteAsync(bob.Principal, threadId, leaf.Comment.Id));

        var read = await ReadThreadAsync(threadId);
        var only = Assert.Single(read);
        Assert.Equal((root.Comment.Id, 0), (only.Id, only.ReplyCount));
    }

    [Fact]
    public async Task DeletingWritesADeletedEventWithTheNextSeq()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "bye", null));
        _clock.Advance(TimeSpan.FromMinutes(7));
        var published = CapturePublished(threadId);

        var deleted = Succeeded(await _comments.DeleteAsync(alice.Principal, threadId, posted.Comment.Id));

        var announced = Assert.Single(published);
        Assert.Equal((2L, ThreadEventKind.Deleted, deleted), (announced.Seq, announced.Kind, announced.Comment));
        Assert.Null(announced.Comment!.Body);
        var events = await EventsAsync(threadId);
        Assert.Equal([ThreadEventKind.Posted, ThreadEventKind.Deleted], events.Select(e => e.Kind));
        Assert.Equal((2L, (long?)posted.Comment.Id, _clock.UtcNow.UtcDateTime), (events[1].Seq, events[1].CommentId, events[1].At));
        Assert.Equal(2, (await ThreadStateAsync(threadId)).LastSeq);
    }

    [Fact]
    public async Task DeletingTwiceIsAConflict()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "once", null));
        Succeeded(await _comments.DeleteAsync(alice.Principal, threadId, posted.Comment.Id));
        var before = await ThreadStateAsync(threadId);

        AssertError(await _comments.DeleteAsync(alice.Principal, threadId, posted.Comment.Id), ForumErrorKind.Conflict);

        Assert.Equal(before, await ThreadStateAsync(threadId));
    }

    [Fact]
    public async Task DeleteThroughTheWrongThreadIsNotFound()
    {
        var threadId = await CreateThreadAsync();
        var otherThreadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "stay", null));

        AssertError(await _comments.DeleteAsync(alice.Principal, otherThreadId, posted.Comment.Id), ForumErrorKind.NotFound);

        await AssertUnchangedAsync(posted.Comment.Id, "stay");
    }
}
