using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Comments;
using ForumApp.Features.Formatting;
using Microsoft.EntityFrameworkCore;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Comments;

/// <summary>Posts the service refuses: bad bodies, signed-out or suspended authors, locked threads, wrong parents; none writes anything. Through <see cref="CommentService"/> on a real SQLite file.</summary>
public sealed class PostingRefusalsTests : CommentServiceTestBase
{
    public static TheoryData<string?> RefusedBodies => new()
    {
        null,
        "",
        "   \n\t  \r\n ",
        "\u200B",
        "\uFEFF\u200B\uFEFF",
        " \u200B \u200C\u200D\u2060 \uFEFF ",
        "before\0after",
        "\0",
        "bell \u0007 in the middle",
        "escape \u001B[31m red",
        "c1 control \u0085x\u009B",
    };

    [Theory]
    [MemberData(nameof(RefusedBodies))]
    public async Task RefusedBodyWritesNothing(string? body)
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var before = await ThreadStateAsync(threadId);

        var result = await _comments.PostAsync(alice.Principal, threadId, null, body, "request-1");

        AssertError(result, ForumErrorKind.Invalid, field: "body");
        Assert.Equal(before, await ThreadStateAsync(threadId));
        Assert.Equal(0, await CommentCountAsync());
    }

    [Fact]
    public async Task TenThousandEmojiAreAcceptedBecauseScalarValuesAreCountedNotUtf16Units()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var body = string.Concat(Enumerable.Repeat("😀", TextRules.MaxCommentLength));
        Assert.Equal(2 * TextRules.MaxCommentLength, body.Length);

        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, body, null));

        Assert.Equal(body, (await StoredCommentAsync(posted.Comment.Id)).Body);
    }

    [Fact]
    public async Task TenThousandAndOneEmojiAreRefusedAndTheMessageCountsScalarValues()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var before = await ThreadStateAsync(threadId);
        var body = string.Concat(Enumerable.Repeat("😀", TextRules.MaxCommentLength + 1));

        var result = await _comments.PostAsync(alice.Principal, threadId, null, body, null);

        var error = AssertError(result, ForumErrorKind.Invalid, field: "body");
        Assert.Contains("10,001", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ThreadStateAsync(threadId));
    }

    [Fact]
    public async Task SurroundingWhitespaceIsTrimmedBeforeTheLengthIsCounted()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var text = new string('x', TextRules.MaxCommentLength);

        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, $"\u200B  \n{text}\n \uFEFF", null));

        Assert.Equal(text, (await StoredCommentAsync(posted.Comment.Id)).Body);
    }

    [Fact]
    public async Task ClientRequestIdLongerThanSixtyFourCharactersIsRefused()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var before = await ThreadStateAsync(threadId);

        var result = await _comments.PostAsync(alice.Principal, threadId, null, "fine", new string('r', CommentService.MaxClientRequestIdLength + 1));

        AssertError(result, ForumErrorKind.Invalid, field: "clientRequestId");
        Assert.Equal(before, await ThreadStateAsync(threadId));

        var longest = new string('r', CommentService.MaxClientRequestIdLength);
        Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "fine", longest));
    }

    [Fact]
    public async Task SignedOutVisitorCannotPost()
    {
        var threadId = await CreateThreadAsync();
        var before = await ThreadStateAsync(threadId);

        AssertError(await _comments.PostAsync(null, threadId, null, "hello", null), ForumErrorKind.Unauthenticated);
        AssertError(await _comments.PostAsync(new ClaimsPrincipal(new ClaimsIdentity()), threadId, null, "hello", null), ForumErrorKind.Unauthenticated);
        AssertError(await _comments.PostAsync(ForumRows.PrincipalOf(987_654), threadId, null, "hello", null), ForumErrorKind.Unauthenticated);

        Assert.Equal(before, await ThreadStateAsync(threadId));
    }

    [Fact]
    public async Task SuspendedMemberCannotPostUntilTheSuspensionEnds()
    {
        var threadId = await CreateThreadAsync();
        var suspended = await CreateMemberAsync(suspendedUntil: _startUtc.AddHours(1));
        var before = await ThreadStateAsync(threadId);

        AssertError(await _comments.PostAsync(suspended.Principal, threadId, null, "let me in", null), ForumErrorKind.Forbidden);
        Assert.Equal(before, await ThreadStateAsync(threadId));

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Succeeded(await _comments.PostAsync(suspended.Principal, threadId, null, "back again", null));
    }

    [Fact]
    public async Task PostingInALockedThreadIsAConflict()
    {
        var threadId = await CreateThreadAsync(locked: true);
        var alice = await CreateMemberAsync();
        var before = await ThreadStateAsync(threadId);

        var error = AssertError(await _comments.PostAsync(alice.Principal, threadId, null, "too late", null), ForumErrorKind.Conflict);

        Assert.Contains("locked", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await ThreadStateAsync(threadId));
    }

    [Fact]
    public async Task ReplyToADeletedCommentIsAConflict()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var bob = await CreateMemberAsync();
        var parent = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "soon gone", null));
        Succeeded(await _comments.DeleteAsync(alice.Principal, threadId, parent.Comment.Id));
        var before = await ThreadStateAsync(threadId);

        AssertError(await _comments.PostAsync(bob.Principal, threadId, parent.Comment.Id, "reply", null), ForumErrorKind.Conflict);

        Assert.Equal(before, await ThreadStateAsync(threadId));
        Assert.Equal(0, (await StoredCommentAsync(parent.Comment.Id)).ReplyCount);
    }

    [Fact]
    public async Task ReplyToACommentOfAnotherThreadIsRefusedOnParentId()
    {
        var threadId = await CreateThreadAsync();
        var otherThreadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var elsewhere = Succeeded(await _comments.PostAsync(alice.Principal, otherThreadId, null, "elsewhere", null));
        var before = await ThreadStateAsync(threadId);
        var otherBefore = await ThreadStateAsync(otherThreadId);

        var result = await _comments.PostAsync(alice.Principal, threadId, elsewhere.Comment.Id, "cross-thread reply", null);

        AssertError(result, ForumErrorKind.Invalid, field: "parentId");
        Assert.Equal(before, await ThreadStateAsync(threadId));
        Assert.Equal(otherBefore, await ThreadStateAsync(otherThreadId));
        Assert.Equal(0, (await StoredCommentAsync(elsewhere.Comment.Id)).ReplyCount);
    }

    [Fact]
    public async Task ReplyToACommentThatDoesNotExistIsRefusedOnParentId()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();

        AssertError(await _comments.PostAsync(alice.Principal, threadId, 424_242, "reply", null), ForumErrorKind.Invalid, field: "parentId");
        Assert.Equal(0, await CommentCountAsync());
    }

    [Fact]
    public async Task PostingToAThreadThatDoesNotExistIsNotFound()
    {
        var alice = await CreateMemberAsync();
        var removedThreadId = await CreateThreadAsync(removed: true);

        AssertError(await _comments.PostAsync(alice.Principal, 424_242, null, "hello", null), ForumErrorKind.NotFound);
        AssertError(await _comments.PostAsync(alice.Principal, removedThreadId, null, "hello", null), ForumErrorKind.NotFound);
        Assert.Equal(0, await CommentCountAsync());
    }
}
