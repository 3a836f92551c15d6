using System.Security.Claims;
using AngleSharp.Html.Parser;
using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Comments;
using ForumApp.Features.Formatting;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using ForumApp.Tests.TestInfrastructure;
using static ForumApp.Tests.TestInfrastructure.ForumResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForumApp.Tests.Comments;

/// <summary>
/// Posting, editing and deleting comments through <see cref="CommentService"/> on a real migrated SQLite file,
/// with a clock the tests move by hand.
/// </summary>
public sealed class CommentServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset _start = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private static readonly DateTime _startUtc = _start.UtcDateTime;

    private readonly SettableTimeProvider _clock = new(_start);
    private readonly List<PostingLimits> _limits = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ForumEventBus _bus = ServiceGraph.Bus();
    private SqliteTestDatabase _database = null!;
    private CommentService _comments = null!;
    private int _memberCount;

    public async Task InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        _comments = NewCommentService(new PostingLimitOptions { CommentsPerMinute = 1000, NewAccountCommentsPerMinute = 1000 });
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in _subscriptions.Concat<IDisposable>(_limits))
        {
            disposable.Dispose();
        }

        await _database.DisposeAsync();
    }

    // ---- Posting ----

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
        Assert.Equal(alice.Name, comment.Author);
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
        AssertError(await _comments.PostAsync(PrincipalFor(987_654), threadId, null, "hello", null), ForumErrorKind.Unauthenticated);

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
    public async Task RawHtmlIsShownAsTextAndMarkdownIsRendered()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        const string body = "<script>alert('x')</script> and <img src=x onerror=alert(1)> but **bold**";

        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, body, null));

        var html = posted.Comment.BodyHtml!;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        var fragment = Parse(html);
        Assert.Empty(fragment.QuerySelectorAll("script, img"));
        Assert.Contains("<script>alert('x')</script>", fragment.Body!.TextContent, StringComparison.Ordinal);

        var stored = await StoredCommentAsync(posted.Comment.Id);
        Assert.Equal(body, stored.Body);
        Assert.Equal(html, stored.BodyHtml);
    }

    [Theory]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](JaVaScRiPt:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[click me](vbscript:msgbox)")]
    public async Task LinkWithAnUnsafeSchemeHasNoHref(string body)
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();

        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, body, null));

        var html = posted.Comment.BodyHtml!;
        Assert.All(Parse(html).QuerySelectorAll("a"), a => Assert.False(a.HasAttribute("href"), $"unsafe link kept its href: {html}"));
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"vbscript", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LinksAreMarkedNofollowUgcNoopener()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();

        var posted = Succeeded(await _comments.PostAsync(
            alice.Principal, threadId, null, "See [the docs](https://example.com/docs \"Docs\"), https://example.org and <mailto:me@example.com>", null));

        var links = Parse(posted.Comment.BodyHtml!).QuerySelectorAll("a").ToList();
        Assert.Equal(
            ["https://example.com/docs", "https://example.org", "mailto:me@example.com"],
            links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a => Assert.Equal("nofollow ugc noopener", a.GetAttribute("rel")));
    }

    [Fact]
    public async Task DeeplyNestedMarkdownIsRefusedOrRenderedButNeverThrows()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var nested = string.Concat(Enumerable.Repeat("> ", 200)) + "deep";
        var before = await ThreadStateAsync(threadId);

        var result = await _comments.PostAsync(alice.Principal, threadId, null, nested, null);

        if (result.Succeeded)
        {
            Assert.False(string.IsNullOrEmpty(result.Value!.Comment.BodyHtml));
        }
        else
        {
            AssertError(result, ForumErrorKind.Invalid, field: "body");
            Assert.Equal(before, await ThreadStateAsync(threadId));
        }
    }

    [Fact]
    public async Task EditToDeeplyNestedMarkdownIsRefusedOrRenderedButNeverThrows()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "flat", null));
        var nested = string.Concat(Enumerable.Repeat("- ", 200)) + "deep";

        var result = await _comments.EditAsync(alice.Principal, threadId, posted.Comment.Id, nested);

        if (result.Succeeded)
        {
            Assert.False(string.IsNullOrEmpty(result.Value!.BodyHtml));
        }
        else
        {
            AssertError(result, ForumErrorKind.Invalid, field: "body");
            await AssertUnchangedAsync(posted.Comment.Id, "flat");
        }
    }

    [Fact]
    public async Task FourthCommentWithinAMinuteIsRateLimitedWithATimeToWait()
    {
        var comments = NewCommentService(new PostingLimitOptions { CommentsPerMinute = 3, NewAccountCommentsPerMinute = 3 });
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        for (var i = 1; i <= 3; i++)
        {
            Succeeded(await comments.PostAsync(alice.Principal, threadId, null, $"comment {i}", null));
        }

        var before = await ThreadStateAsync(threadId);

        var error = AssertError(await comments.PostAsync(alice.Principal, threadId, null, "one too many", null), ForumErrorKind.TooManyRequests);

        Assert.NotNull(error.RetryAfter);
        Assert.True(error.RetryAfter > TimeSpan.Zero, $"RetryAfter was {error.RetryAfter}");
        Assert.Contains("Try again in", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ThreadStateAsync(threadId));

        // The budget is per member: someone else may still post.
        var bob = await CreateMemberAsync();
        Succeeded(await comments.PostAsync(bob.Principal, threadId, null, "bob is fine", null));
    }

    [Fact]
    public async Task AccountYoungerThanNewAccountAgeGetsTheNewAccountLimit()
    {
        var comments = NewCommentService(new PostingLimitOptions
        {
            CommentsPerMinute = 5,
            NewAccountCommentsPerMinute = 1,
            NewAccountAge = TimeSpan.FromDays(1),
        });
        var threadId = await CreateThreadAsync();
        var newcomer = await CreateMemberAsync(createdAt: _startUtc.AddHours(-23));
        var regular = await CreateMemberAsync(createdAt: _startUtc.AddHours(-25));

        Succeeded(await comments.PostAsync(newcomer.Principal, threadId, null, "first", null));
        var error = AssertError(await comments.PostAsync(newcomer.Principal, threadId, null, "second", null), ForumErrorKind.TooManyRequests);
        Assert.True(error.RetryAfter > TimeSpan.Zero);

        for (var i = 1; i <= 5; i++)
        {
            Succeeded(await comments.PostAsync(regular.Principal, threadId, null, $"regular {i}", null));
        }

        AssertError(await comments.PostAsync(regular.Principal, threadId, null, "sixth", null), ForumErrorKind.TooManyRequests);
    }

    [Fact]
    public async Task ReplayingAPostDoesNotSpendThePostingBudget()
    {
        var comments = NewCommentService(new PostingLimitOptions { CommentsPerMinute = 1, NewAccountCommentsPerMinute = 1 });
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var first = Succeeded(await comments.PostAsync(alice.Principal, threadId, null, "once", "retry-me"));

        var replay = Succeeded(await comments.PostAsync(alice.Principal, threadId, null, "once", "retry-me"));

        Assert.True(replay.Replayed);
        Assert.Equal(first.Comment.Id, replay.Comment.Id);
    }

    [Fact]
    public async Task RefusedBodyDoesNotSpendThePostingBudget()
    {
        var comments = NewCommentService(new PostingLimitOptions { CommentsPerMinute = 1, NewAccountCommentsPerMinute = 1 });
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();

        AssertError(await comments.PostAsync(alice.Principal, threadId, null, "\u200B", null), ForumErrorKind.Invalid, field: "body");

        Succeeded(await comments.PostAsync(alice.Principal, threadId, null, "now with words", null));
    }

    [Fact]
    public async Task PostedEventIsPublishedAfterTheCommentIsCommitted()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var committedWhenPublished = new List<bool>();
        using var subscription = _bus.SubscribeThread(threadId, async e =>
        {
            await using var db = _database.CreateDbContext();
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

    // ---- Editing ----

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

    // ---- Deleting ----

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
        Assert.Equal(alice.Name, tombstone.Author);
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

    // ---- Helpers ----

    private sealed record Member(long Id, string Name, ClaimsPrincipal Principal);

    /// <summary>What a write can change about a thread; equal snapshots mean nothing was written.</summary>
    private sealed record ThreadState(int StoredComments, int Events, int CommentCount, long LastSeq, DateTime LastActivityAt);

    private CommentService NewCommentService(PostingLimitOptions limitOptions)
    {
        var limits = new PostingLimits(Options.Create(limitOptions));
        _limits.Add(limits);
        return ServiceGraph.Comments(
            _database,
            new BodyRenderer(new MarkdownRenderer()),
            limits,
            Options.Create(new CommentEditOptions()),
            _bus,
            _clock);
    }

    private async Task<IReadOnlyList<CommentView>> ReadThreadAsync(long threadId)
    {
        var limits = new PostingLimits(Options.Create(new PostingLimitOptions()));
        _limits.Add(limits);
        var threads = ServiceGraph.Threads(_database, new BodyRenderer(new MarkdownRenderer()), limits, _clock);
        var thread = await threads.GetAsync(threadId, CommentPage.Everything);
        Assert.NotNull(thread);
        return thread.Comments;
    }

    /// <summary>Everything the bus announces for a thread from now until the test ends.</summary>
    private System.Collections.Concurrent.ConcurrentQueue<ThreadEventView> CapturePublished(long threadId)
    {
        var published = new System.Collections.Concurrent.ConcurrentQueue<ThreadEventView>();
        _subscriptions.Add(_bus.SubscribeThread(threadId, e =>
        {
            published.Enqueue(e);
            return Task.CompletedTask;
        }));
        return published;
    }

    private static ClaimsPrincipal PrincipalFor(long userId) => TestUsers.PrincipalOf(userId);

    private async Task<Member> CreateMemberAsync(DateTime? createdAt = null, DateTime? suspendedUntil = null)
    {
        var name = $"Member {Interlocked.Increment(ref _memberCount)}";
        await using var db = _database.CreateDbContext();
        var user = await TestUsers.AddAsync(db, name, createdAt ?? _startUtc.AddDays(-30), suspendedUntil);
        return new Member(user.Id, name, PrincipalFor(user.Id));
    }

    private async Task<long> CreateThreadAsync(bool locked = false, bool removed = false)
    {
        await using var db = _database.CreateDbContext();
        var thread = new ForumThread
        {
            Title = "A thread to comment on",
            Slug = "a-thread-to-comment-on",
            Body = "The article.",
            BodyFormat = BodyFormat.Markdown,
            BodyHtml = "<p>The article.</p>",
            AuthorName = "Author",
            CreatedAt = _startUtc,
            LastActivityAt = _startUtc,
            Locked = locked,
            RemovedAt = removed ? _startUtc : null,
        };
        db.Threads.Add(thread);
        await db.SaveChangesAsync();
        return thread.Id;
    }

    private async Task LockThreadAsync(long threadId)
    {
        await using var db = _database.CreateDbContext();
        await db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Locked, true));
    }

    private async Task<ThreadState> ThreadStateAsync(long threadId)
    {
        await using var db = _database.CreateDbContext();
        var thread = await db.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId);
        return new ThreadState(
            await db.Comments.CountAsync(c => c.ThreadId == threadId),
            await db.ThreadEvents.CountAsync(e => e.ThreadId == threadId),
            thread.CommentCount,
            thread.LastSeq,
            thread.LastActivityAt);
    }

    private async Task<int> CommentCountAsync()
    {
        await using var db = _database.CreateDbContext();
        return await db.Comments.CountAsync();
    }

    private async Task<Comment> StoredCommentAsync(long commentId)
    {
        await using var db = _database.CreateDbContext();
        return await db.Comments.AsNoTracking().SingleAsync(c => c.Id == commentId);
    }

    private async Task<List<ThreadEvent>> EventsAsync(long threadId)
    {
        await using var db = _database.CreateDbContext();
        return await db.ThreadEvents.AsNoTracking().Where(e => e.ThreadId == threadId).OrderBy(e => e.Seq).ToListAsync();
    }

    private async Task<List<CommentRevision>> RevisionsAsync(long commentId)
    {
        await using var db = _database.CreateDbContext();
        return await db.CommentRevisions.AsNoTracking().Where(r => r.CommentId == commentId).OrderBy(r => r.ReplacedAt).ToListAsync();
    }

    private async Task AssertUnchangedAsync(long commentId, string body)
    {
        var stored = await StoredCommentAsync(commentId);
        Assert.Equal((body, CommentState.Visible, (DateTime?)null), (stored.Body, stored.State, stored.EditedAt));
        Assert.Empty(await RevisionsAsync(commentId));
    }

    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);
}
