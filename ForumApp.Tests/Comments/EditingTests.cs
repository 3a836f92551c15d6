using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Comments;
using ForumApp.Features.Formatting;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Comments;

/// <summary>Editing a comment: who may, what is kept as a revision, and which edits are refused. Through <see cref="CommentService"/> on a real SQLite file.</summary>
public sealed class EditingTests : CommentServiceTestBase
{
    [Fact]
    public async Task AuthorCanEditAndTheEditIsStampedAndRecorded()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "typo hre", null));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var published = CapturePublished(threadId);

        var edited = Succeeded(await _comments.EditAsync(alice.Principal, threadId, posted.Comment.Id, "typo **here**"));

        var editedAt = _clock.UtcNow.UtcDateTime;
        Assert.Equal("typo **here**", edited.Body);
        Assert.Equal("<p>typo <strong>here</strong></p>", edited.BodyHtml?.Trim());
        Assert.Equal(editedAt, edited.EditedAt);
        Assert.Equal(posted.Comment.CreatedAt, edited.CreatedAt);

        var stored = await StoredCommentAsync(posted.Comment.Id);
        Assert.Equal("typo **here**", stored.Body);
        Assert.Equal(edited.BodyHtml, stored.BodyHtml);
        Assert.Equal(editedAt, stored.EditedAt);

        var events = await EventsAsync(threadId);
        Assert.Equal([ThreadEventKind.Posted, ThreadEventKind.Edited], events.Select(e => e.Kind));
        Assert.Equal((2L, (long?)posted.Comment.Id, editedAt), (events[1].Seq, events[1].CommentId, events[1].At));
        Assert.Equal(2, (await ThreadStateAsync(threadId)).LastSeq);
        var announced = Assert.Single(published);
        Assert.Equal((2L, ThreadEventKind.Edited, edited), (announced.Seq, announced.Kind, announced.Comment));
    }

    [Fact]
    public async Task EditWithinTheGracePeriodKeepsNoRevision()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "draft", null));
        _clock.Advance(new CommentEditOptions().RevisionGracePeriod - TimeSpan.FromSeconds(1));

        var edited = Succeeded(await _comments.EditAsync(alice.Principal, threadId, posted.Comment.Id, "final"));

        Assert.Equal(_clock.UtcNow.UtcDateTime, edited.EditedAt);
        Assert.Empty(await RevisionsAsync(posted.Comment.Id));
    }

    [Fact]
    public async Task EditAfterTheGracePeriodKeepsThePreviousTextAsARevision()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "version one", null));
        _clock.Advance(new CommentEditOptions().RevisionGracePeriod + TimeSpan.FromSeconds(1));
        var firstEditAt = _clock.UtcNow.UtcDateTime;

        Succeeded(await _comments.EditAsync(alice.Principal, threadId, posted.Comment.Id, "version two"));
        _clock.Advance(TimeSpan.FromHours(2));
        Succeeded(await _comments.EditAsync(alice.Principal, threadId, posted.Comment.Id, "version three"));

        var revisions = await RevisionsAsync(posted.Comment.Id);
        Assert.Equal(["version one", "version two"], revisions.Select(r => r.Body));
        Assert.Equal([_startUtc, firstEditAt], revisions.Select(r => r.WrittenAt));
        Assert.Equal([firstEditAt, _clock.UtcNow.UtcDateTime], revisions.Select(r => r.ReplacedAt));
        Assert.All(revisions, r => Assert.Equal(alice.Id, r.EditorId));
        Assert.Equal("version three", (await StoredCommentAsync(posted.Comment.Id)).Body);
    }

    [Fact]
    public async Task AnotherMemberCannotEditAndTheTextStays()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var mallory = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "mine", null));
        var before = await ThreadStateAsync(threadId);
        var published = CapturePublished(threadId);

        AssertError(await _comments.EditAsync(mallory.Principal, threadId, posted.Comment.Id, "now mine"), ForumErrorKind.Forbidden);

        await AssertUnchangedAsync(posted.Comment.Id, "mine");
        Assert.Equal(before, await ThreadStateAsync(threadId));
        Assert.Empty(published);
    }

    [Fact]
    public async Task SignedOutVisitorCannotEdit()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "mine", null));

        AssertError(await _comments.EditAsync(null, threadId, posted.Comment.Id, "anonymous"), ForumErrorKind.Unauthenticated);

        await AssertUnchangedAsync(posted.Comment.Id, "mine");
    }

    [Fact]
    public async Task EditingADeletedCommentIsAConflict()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "gone soon", null));
        Succeeded(await _comments.DeleteAsync(alice.Principal, threadId, posted.Comment.Id));
        var before = await ThreadStateAsync(threadId);

        AssertError(await _comments.EditAsync(alice.Principal, threadId, posted.Comment.Id, "resurrected"), ForumErrorKind.Conflict);

        var stored = await StoredCommentAsync(posted.Comment.Id);
        Assert.Equal((CommentState.DeletedByAuthor, "gone soon", (DateTime?)null), (stored.State, stored.Body, stored.EditedAt));
        Assert.Equal(before, await ThreadStateAsync(threadId));
    }

    [Fact]
    public async Task EditingInALockedThreadIsAConflict()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "before the lock", null));
        await LockThreadAsync(threadId);
        var before = await ThreadStateAsync(threadId);

        AssertError(await _comments.EditAsync(alice.Principal, threadId, posted.Comment.Id, "after the lock"), ForumErrorKind.Conflict);

        await AssertUnchangedAsync(posted.Comment.Id, "before the lock");
        Assert.Equal(before, await ThreadStateAsync(threadId));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n ")]
    [InlineData("\u200B\uFEFF")]
    [InlineData("nul\0inside")]
    public async Task InvalidEditIsRefusedAndTheTextStays(string body)
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "keep me", null));

        AssertError(await _comments.EditAsync(alice.Principal, threadId, posted.Comment.Id, body), ForumErrorKind.Invalid, field: "body");

        await AssertUnchangedAsync(posted.Comment.Id, "keep me");
    }

    [Fact]
    public async Task EditTooLongIsRefusedAndTheTextStays()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "short", null));

        var tooLong = string.Concat(Enumerable.Repeat("😀", TextRules.MaxCommentLength + 1));
        AssertError(await _comments.EditAsync(alice.Principal, threadId, posted.Comment.Id, tooLong), ForumErrorKind.Invalid, field: "body");

        await AssertUnchangedAsync(posted.Comment.Id, "short");
    }

    [Fact]
    public async Task EditThroughTheWrongThreadIsNotFound()
    {
        var threadId = await CreateThreadAsync();
        var otherThreadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "right here", null));

        AssertError(await _comments.EditAsync(alice.Principal, otherThreadId, posted.Comment.Id, "moved?"), ForumErrorKind.NotFound);
        AssertError(await _comments.EditAsync(alice.Principal, threadId, 424_242, "nothing there"), ForumErrorKind.NotFound);

        await AssertUnchangedAsync(posted.Comment.Id, "right here");
        Assert.Equal(0, (await ThreadStateAsync(otherThreadId)).LastSeq);
    }
}
