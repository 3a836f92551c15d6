using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Pages;
using ForumApp.Data;
using ForumApp.Features.Comments;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace ForumApp.Tests.Components;

/// <summary>
/// The thread page once interactive: what others do reaches it through the app's event bus (or, when an
/// event went missing, through the database), and what the reader sees changes in place, without a reload.
/// </summary>
public sealed class ThreadPageLiveTests : IAsyncLifetime
{
    private static readonly DateTimeOffset _importedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestClock _clock = new(_importedAt.AddMinutes(3));
    private TestForum _forum = null!;
    private BunitContext _context = null!;
    private BunitAuthorizationContext _authorization = null!;
    private TestMember _reader = null!;
    private TestMember _writer = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateSeededAsync(_importedAt, _clock);
        _context = BunitSetup.CreateContext(_forum, out _authorization);
        _reader = await _forum.AddMemberAsync();
        _writer = await _forum.AddMemberAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task AReplyFromSomeoneElseAppearsUnderItsParentWithoutReload()
    {
        var page = RenderLive(_forum.SeedThreadId);
        var parent = await SeedConversationAsync(1);
        var next = await SeedConversationAsync(2);
        var before = DisplayedIds(page);

        var reply = await _forum.PostAsync(_writer, _forum.SeedThreadId, "Seen from the other side", parent.Id);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{reply.Id}")));
        var card = page.Find($"#c{reply.Id}");
        Assert.Equal(parent.Id.ToString(), card.GetAttribute("data-parent-id"));
        Assert.Equal("1", card.GetAttribute("data-depth"));
        Assert.Equal("Seen from the other side", card.QuerySelector(".comment-text")?.TextContent.Trim());
        Assert.Contains("fresh", card.ClassList);

        // After the parent's existing replies, before the next conversation.
        var nextIndex = before.IndexOf(next.Id);
        Assert.Equal(before.Take(nextIndex).Append(reply.Id).Concat(before.Skip(nextIndex)), DisplayedIds(page));
        Assert.Equal("20 comments", page.Find("#comments-heading").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid='show-new-comments']"));
    }

    [Fact]
    public async Task ANewConversationWaitsBehindTheNewCommentButton()
    {
        var page = RenderLive(_forum.SeedThreadId);

        var comment = await _forum.PostAsync(_writer, _forum.SeedThreadId, "A whole new point");

        page.WaitForAssertion(() => Assert.Equal("1 new comment", page.Find("[data-testid='show-new-comments']").TextContent.Trim()));
        Assert.Empty(page.FindAll($"#c{comment.Id}"));

        page.Find("[data-testid='show-new-comments']").Click();

        page.WaitForAssertion(() => Assert.Equal(comment.Id, DisplayedIds(page)[^1]));
        Assert.Equal("0", page.Find($"#c{comment.Id}").GetAttribute("data-depth"));
        Assert.Empty(page.FindAll("[data-testid='show-new-comments']"));
    }

    [Fact]
    public async Task WhileTheReaderWritesAReplyOthersRepliesWaitBehindTheButton()
    {
        _authorization.SignIn(_reader);
        var page = RenderLive(_forum.SeedThreadId);
        var parent = await SeedConversationAsync(1);
        page.Find($"#c{parent.Id} [data-testid='reply-button']").Click();
        page.WaitForElement($"#c{parent.Id} [data-testid='reply-editor']");

        var reply = await _forum.PostAsync(_writer, _forum.SeedThreadId, "Meanwhile", parent.Id);

        page.WaitForAssertion(() => Assert.Equal("1 new comment", page.Find("[data-testid='show-new-comments']").TextContent.Trim()));
        Assert.Empty(page.FindAll($"#c{reply.Id}"));
        Assert.NotNull(page.Find($"#c{parent.Id} [data-testid='reply-editor']"));
    }

    [Fact]
    public async Task TheReadersOwnReplyShowsAtOnceUnderItsParent()
    {
        _authorization.SignIn(_reader);
        var page = RenderLive(_forum.SeedThreadId);
        var parent = await SeedConversationAsync(2);
        page.Find($"#c{parent.Id} [data-testid='reply-button']").Click();

        page.WaitForElement($"#c{parent.Id} textarea").Input("My two cents");
        page.Find($"#c{parent.Id} [data-testid='editor-submit']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-comment-id] [data-testid='reply-editor']")));
        var own = page.FindAll($"[data-comment-id][data-parent-id='{parent.Id}']").Last();
        Assert.Equal("My two cents", own.QuerySelector(".comment-text")?.TextContent.Trim());
        Assert.NotNull(own.QuerySelector("[data-testid='edit-button']"));
        Assert.Empty(page.FindAll("[data-testid='show-new-comments']"));
    }

    [Fact]
    public async Task AnEditShowsTheNewWordsAndTheEditedMarker()
    {
        var comment = await _forum.PostAsync(_writer, _forum.SeedThreadId, "First thoughts");
        var page = RenderLive(_forum.SeedThreadId);
        Assert.Empty(page.Find($"#c{comment.Id}").QuerySelectorAll("[data-testid='edited-marker']"));

        _clock.Advance(TimeSpan.FromMinutes(1));
        TestForum.Succeeded(await _forum.Comments.EditAsync(_writer.Principal, _forum.SeedThreadId, comment.Id, "Second thoughts"));

        page.WaitForAssertion(() => Assert.Equal("edited", page.Find($"#c{comment.Id} [data-testid='edited-marker']").TextContent.Trim()));
        Assert.Equal("Second thoughts", page.Find($"#c{comment.Id} .comment-text").TextContent.Trim());
    }

    [Fact]
    public async Task AModeratorsRemovalShowsATombstoneAndKeepsTheReplies()
    {
        var moderator = await _forum.AddModeratorAsync();
        var page = RenderLive(_forum.SeedThreadId);
        var removed = await SeedConversationAsync(2);
        var replies = page.FindAll($"[data-comment-id][data-parent-id='{removed.Id}']").Select(r => (r.Id, r.QuerySelector(".comment-text")!.TextContent)).ToList();
        Assert.Equal(3, replies.Count);

        TestForum.Succeeded(await _forum.CommentModeration.RemoveCommentAsync(moderator.Principal, removed.Id, "Off topic", includeReplies: false));

        page.WaitForAssertion(() => Assert.Equal("true", page.Find($"#c{removed.Id}").GetAttribute("data-deleted")));
        var tombstone = page.Find($"#c{removed.Id} [data-testid='tombstone']");
        Assert.Contains("Removed by a moderator", tombstone.TextContent, StringComparison.Ordinal);
        Assert.Contains("Reason: Off topic", tombstone.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll($"#c{removed.Id} .comment-text"));
        Assert.Equal(replies, page.FindAll($"[data-comment-id][data-parent-id='{removed.Id}']").Select(r => (r.Id, r.QuerySelector(".comment-text")!.TextContent)));
        Assert.Equal("18 comments", page.Find("#comments-heading").TextContent.Trim());
    }

    [Fact]
    public async Task ALockShowsTheBannerAndClosesEveryEditor()
    {
        var moderator = await _forum.AddModeratorAsync();
        _authorization.SignIn(_reader);
        var page = RenderLive(_forum.SeedThreadId);
        var parent = await SeedConversationAsync(0);
        page.Find($"#c{parent.Id} [data-testid='reply-button']").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='reply-editor']").Count));
        Assert.Empty(page.FindAll("[data-testid='locked-banner']"));

        TestForum.Succeeded(await _forum.ThreadModeration.LockThreadAsync(moderator.Principal, _forum.SeedThreadId, "Cooling off"));

        page.WaitForAssertion(() => Assert.Contains("This thread is locked", page.Find("[data-testid='locked-banner']").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid='reply-editor']"));
    }

    [Fact]
    public async Task ALockedThreadOffersNoWayToReplyOrEdit()
    {
        var moderator = await _forum.AddModeratorAsync();
        var own = await _forum.PostAsync(_reader, _forum.SeedThreadId, "Said before the lock");
        _authorization.SignIn(_reader);
        var page = RenderLive(_forum.SeedThreadId);
        Assert.NotEmpty(page.FindAll("[data-testid='reply-button']"));

        TestForum.Succeeded(await _forum.ThreadModeration.LockThreadAsync(moderator.Principal, _forum.SeedThreadId, null));

        page.WaitForElement("[data-testid='locked-banner']");

        // The banner says no new comments or edits; the buttons should not offer an editor that can only fail.
        Assert.Empty(page.FindAll("[data-testid='reply-button']"));
        Assert.Empty(page.FindAll($"#c{own.Id} [data-testid='edit-button']"));
    }

    [Fact]
    public async Task ASuspensionNoticeClosesTheReadersEditorAndSaysWhy()
    {
        _authorization.SignIn(_reader);
        var page = RenderLive(_forum.SeedThreadId);
        var parent = await SeedConversationAsync(3);
        page.Find($"#c{parent.Id} [data-testid='reply-button']").Click();
        page.WaitForElement($"#c{parent.Id} textarea").Input("Half a thought");

        // Someone else's notice is not the reader's business.
        await _forum.Bus.PublishAsync(new UserNotice(_writer.Id, UserNoticeKind.Suspended, "Your account is suspended."));
        Assert.NotNull(page.Find($"#c{parent.Id} [data-testid='reply-editor']"));
        Assert.Empty(page.FindAll("[data-testid='member-notice']"));

        const string message = "Your account is suspended until 2026-03-08 12:03 UTC. You can read but not post.";
        await _forum.Bus.PublishAsync(new UserNotice(_reader.Id, UserNoticeKind.Suspended, message));

        page.WaitForAssertion(() => Assert.Equal(message, page.Find("[data-testid='member-notice']").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid='reply-editor']"));
        Assert.Empty(page.FindAll("[data-testid='reply-button']"));
    }

    [Fact]
    public async Task MissedEventsAreReadFromTheDatabaseWhenAGapShows()
    {
        var page = RenderLive(_forum.SeedThreadId);
        var parent = await SeedConversationAsync(0);

        // Another instance writes three replies; its events never reach this instance's bus...
        var elsewhere = ServiceGraph.Bus();
        var heardElsewhere = new List<ThreadEventView>();
        using var listening = elsewhere.SubscribeThread(_forum.SeedThreadId, e =>
        {
            heardElsewhere.Add(e);
            return Task.CompletedTask;
        });
        var otherInstance = ServiceGraph.Comments(_forum.DbFactory, _forum.Renderer, _forum.Limits, elsewhere, _clock);
        var missed = new List<CommentView>();
        foreach (var body in new[] { "one", "two", "three" })
        {
            missed.Add(TestForum.Succeeded(await otherInstance.PostAsync(_writer.Principal, _forum.SeedThreadId, parent.Id, body, null)).Comment);
        }

        Assert.Empty(page.FindAll($"#c{missed[0].Id}"));

        // ...until the last one is relayed here: two sequence numbers ahead of what the page has applied.
        await _forum.Bus.PublishAsync([heardElsewhere[^1]]);

        page.WaitForAssertion(() => Assert.All(missed, m => Assert.NotNull(page.Find($"#c{m.Id}"))));
        Assert.Equal(
            missed.Select(m => m.Id),
            page.FindAll($"[data-comment-id][data-parent-id='{parent.Id}']").Select(c => long.Parse(c.GetAttribute("data-comment-id")!)).TakeLast(3));
    }

    [Fact]
    public async Task ArrivalsAreAnnouncedOnceAfterTwoSecondsNotOnePerComment()
    {
        var page = RenderLive(_forum.SeedThreadId);
        var parent = await SeedConversationAsync(1);

        foreach (var body in new[] { "a", "b", "c" })
        {
            await _forum.PostAsync(_writer, _forum.SeedThreadId, body, parent.Id);
        }

        _clock.Advance(TimeSpan.FromMilliseconds(1_900));
        Assert.Equal("", page.Find("[data-testid='announcer']").TextContent.Trim());

        _clock.Advance(TimeSpan.FromMilliseconds(100));

        page.WaitForAssertion(() => Assert.Equal("3 new comments", page.Find("[data-testid='announcer']").TextContent.Trim()));
        Assert.Equal("polite", page.Find("[data-testid='announcer']").GetAttribute("aria-live"));
    }

    [Fact]
    public async Task CollapsingAConversationHidesItsRepliesAndSaysHowMany()
    {
        var page = RenderLive(_forum.SeedThreadId);
        var parent = await SeedConversationAsync(1);
        var firstReply = IdOf(page.FindAll($"[data-comment-id][data-parent-id='{parent.Id}']")[0]);
        var nested = await _forum.PostAsync(_writer, _forum.SeedThreadId, "a reply to a reply", firstReply);
        page.WaitForElement($"#c{nested.Id}");

        page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-comment-id][data-parent-id='{parent.Id}']")));
        Assert.Empty(page.FindAll($"#c{nested.Id}"));
        Assert.Equal("[+] 6 replies hidden", page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").TextContent.Trim());
        Assert.Equal(20 - 6, page.FindAll("[data-comment-id]").Count);

        page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").Click();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll($"[data-comment-id][data-parent-id='{parent.Id}']").Count));
        Assert.NotNull(page.Find($"#c{nested.Id}"));
        Assert.Equal("[–]", page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").TextContent.Trim());
    }

    [Fact]
    public async Task TheCollapseToggleTellsAssistiveTechnologyWhetherTheRepliesShow()
    {
        var page = RenderLive(_forum.SeedThreadId);
        var parent = await SeedConversationAsync(1);
        Assert.Equal("true", page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").GetAttribute("aria-expanded"));

        page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-comment-id][data-parent-id='{parent.Id}']")));
        Assert.Equal("false", page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task NewestFirstPutsTheLatestConversationOnTopWithItsRepliesUnderIt()
    {
        var page = RenderLive(_forum.SeedThreadId);
        var conversations = (await _forum.SeedCommentsAsync()).Where(c => c.Depth == 0).ToList();

        page.Find("[data-testid='sort']").Change(nameof(CommentSort.Newest));

        page.WaitForAssertion(() => Assert.Equal(conversations[^1].Id, DisplayedIds(page)[0]));
        var shown = page.FindAll("[data-comment-id]").ToList();
        Assert.Equal(conversations.Select(c => c.Id).Reverse(), shown.Where(c => c.GetAttribute("data-depth") == "0").Select(IdOf));
        Assert.All(shown.Where(c => c.GetAttribute("data-depth") != "0"), reply =>
        {
            var parentIndex = shown.FindIndex(c => c.GetAttribute("data-comment-id") == reply.GetAttribute("data-parent-id"));
            Assert.InRange(parentIndex, 0, shown.IndexOf(reply) - 1);
        });
    }

    [Fact]
    public async Task APermalinkShowsTheAncestorsAndOnlyThatCommentsReplies()
    {
        var thread = await _forum.StartThreadAsync(_writer, "Where the permalink goes");
        var a = await _forum.PostAsync(_writer, thread.Id, "a: the opening");
        var b = await _forum.PostAsync(_reader, thread.Id, "b: an answer", a.Id);
        var c = await _forum.PostAsync(_writer, thread.Id, "c: the linked comment", b.Id);
        var d = await _forum.PostAsync(_reader, thread.Id, "d: under the linked one", c.Id);
        await _forum.PostAsync(_reader, thread.Id, "e: beside b", a.Id);
        await _forum.PostAsync(_reader, thread.Id, "f: another conversation");

        var page = RenderLive(thread.Id, thread.Slug, commentId: c.Id);

        var ancestors = page.FindAll("[data-testid='ancestor']");
        Assert.Equal(["a: the opening", "b: an answer"], ancestors.Select(x => x.QuerySelector(".ancestor-text")!.TextContent.Trim()));
        Assert.Equal($"/t/{thread.Id}/{thread.Slug}/c/{a.Id}", ancestors[0].GetAttribute("href"));
        Assert.Equal([c.Id, d.Id], DisplayedIds(page));
        Assert.Contains("highlighted", page.Find($"#c{c.Id}").ClassList);
        Assert.DoesNotContain("highlighted", page.Find($"#c{d.Id}").ClassList);
        Assert.Equal($"/t/{thread.Id}/{thread.Slug}#c{c.Id}", page.Find("[data-testid='view-whole-thread']").GetAttribute("href"));
    }

    [Fact]
    public async Task ADeepChainContinuesInAViewOfItsOwn()
    {
        var thread = await _forum.StartThreadAsync(_writer, "A very long exchange");
        var chain = new List<CommentView>();
        for (var depth = 0; depth < 12; depth++)
        {
            var author = depth % 2 == 0 ? _writer : _reader;
            chain.Add(await _forum.PostAsync(author, thread.Id, $"level {depth}", chain.LastOrDefault()?.Id));
        }

        var page = RenderLive(thread.Id, thread.Slug);

        Assert.Equal(chain.Take(8).Select(c => c.Id), DisplayedIds(page));
        var more = Assert.Single(page.FindAll("[data-testid='continue-thread']"));
        Assert.Equal("Continue this thread →", more.TextContent.Trim());
        Assert.Equal($"/t/{thread.Id}/{thread.Slug}/c/{chain[7].Id}", more.GetAttribute("href"));
        Assert.NotNull(page.Find($"#c{chain[7].Id} [data-testid='continue-thread']"));

        var continued = RenderLive(thread.Id, thread.Slug, commentId: chain[7].Id);

        Assert.Equal(chain.Skip(7).Select(c => c.Id), DisplayedIds(continued));
        Assert.Equal(7, continued.FindAll("[data-testid='ancestor']").Count);
        Assert.Empty(continued.FindAll("[data-testid='continue-thread']"));
    }

    [Fact]
    public async Task ThePageGoesLiveEvenWhenTheThreadLoadsAfterItsFirstRender()
    {
        // A database that answers asynchronously (SQL Server, or any real network hop): the page's first
        // render is the loading skeleton, and the thread arrives after it.
        await using var slowForum = await TestForum.CreateSeededAsync(_importedAt, _clock, database => new AsynchronousReads(database));
        await using var context = BunitSetup.CreateContext(slowForum, out _);
        var page = context.Render<ThreadPage>(parameters => parameters.Add(p => p.Id, slowForum.SeedThreadId));
        page.WaitForAssertion(() => Assert.Equal(19, page.FindAll("[data-comment-id]").Count));

        page.WaitForAssertion(() => Assert.Equal(1, slowForum.Bus.ThreadSubscriberCount(slowForum.SeedThreadId)));
        var parent = (await slowForum.SeedCommentsAsync())[0];
        var reply = await slowForum.PostAsync(await slowForum.AddMemberAsync(), slowForum.SeedThreadId, "Is anyone listening?", parent.Id);
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{reply.Id}")));
    }

    /// <summary>Renders the page and waits until it has subscribed to the thread's events and caught up.</summary>
    private IRenderedComponent<ThreadPage> RenderLive(long threadId, string? slug = null, long? commentId = null)
    {
        var subscribers = _forum.Bus.ThreadSubscriberCount(threadId);
        var page = _context.Render<ThreadPage>(parameters => parameters
            .Add(p => p.Id, threadId)
            .Add(p => p.Slug, slug)
            .Add(p => p.CommentId, commentId));
        page.WaitForAssertion(() => Assert.Equal(subscribers + 1, _forum.Bus.ThreadSubscriberCount(threadId)));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='viewing']")));
        return page;
    }

    /// <summary>The seed's top-level comment at <paramref name="index"/>, as the page read it.</summary>
    private async Task<CommentView> SeedConversationAsync(int index) =>
        (await _forum.SeedCommentsAsync()).Where(c => c.Depth == 0).ElementAt(index);

    private static List<long> DisplayedIds(IRenderedComponent<ThreadPage> page) =>
        page.FindAll("[data-comment-id]").Select(IdOf).ToList();

    private static long IdOf(IElement comment) => long.Parse(comment.GetAttribute("data-comment-id")!);

    /// <summary>Every context is handed out after a real asynchronous step, as a networked database would.</summary>
    private sealed class AsynchronousReads(IDbContextFactory<ForumDbContext> inner) : IDbContextFactory<ForumDbContext>
    {
        public ForumDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<ForumDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return await inner.CreateDbContextAsync(cancellationToken);
        }
    }
}
