using System.Text.RegularExpressions;
using ForumApp.Features.Threads;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>
/// Finding one's way in a long thread in real Chromium: one's own and others' new comments come into sight,
/// links to comments land on them clear of the app bar, Back returns to the same place, the order lives in
/// the address, and one long chain cannot take the first screen from the other conversations.
/// </summary>
public sealed class ThreadNavigationBrowserTests(ChromiumFixture chromium, LongThreadForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<LongThreadForum>
{
    private static readonly Regex Landed = new(@"\blanded\b");

    static ThreadNavigationBrowserTests()
    {
        // Live changes cross a server and a second browser; a busy 2-core machine needs more than 5 s now and then.
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task ALongChainTakesOnlyItsShareOfTheFirstScreenAndTheOrderLivesInTheAddress()
    {
        var thread = await forum.CreateLongThreadAsync();
        await using var context = await NewContextAsync();
        var page = new ThreadBrowserPage(await context.NewPageAsync());
        await page.OpenAsync(thread.Url);

        // Every conversation of the first screen shows, the chain with its first replies only.
        await Expect(page.Conversations).ToHaveCountAsync(ConversationScreen.Size);
        await Expect(page.Page.Locator("[data-comment-id]")).ToHaveCountAsync(ConversationScreen.Size + ConversationScreen.RepliesEach);
        var moreReplies = page.Page.Locator("[data-testid='more-replies']");
        await Expect(moreReplies).ToHaveCountAsync(1);
        await Expect(moreReplies).ToHaveTextAsync("1 more reply");
        await Expect(moreReplies).ToHaveAttributeAsync("data-parent-id", thread.Chain[ConversationScreen.RepliesEach].ToString());
        var remaining = thread.Conversations.Count + 1 - ConversationScreen.Size;
        var loadMore = page.Page.Locator("[data-testid='load-more']");
        await Expect(loadMore).ToHaveTextAsync($"Show {remaining} more of {remaining} conversations");
        await page.Page.SaveScreenshotAroundAsync(moreReplies, "navigation-more-replies-desktop");
        await page.Page.SetViewportSizeAsync(390, 844);
        await page.Page.SaveScreenshotAroundAsync(moreReplies, "navigation-more-replies-phone");
        await page.Page.SaveScreenshotAroundAsync(loadMore, "navigation-load-more-phone");
        await page.Page.SetViewportSizeAsync(1280, 900);

        await moreReplies.ClickAsync();

        // The rest of the chain, as deep as the page indents; deeper goes on in a view of its own.
        await Expect(page.Comment(thread.Chain[7])).ToBeVisibleAsync();
        await Expect(page.Comment(thread.Chain[7]).Locator("[data-testid='continue-thread']")).ToBeVisibleAsync();
        await Expect(moreReplies).ToHaveCountAsync(0);

        await loadMore.ClickAsync();

        await Expect(page.Conversations).ToHaveCountAsync(thread.Conversations.Count + 1);
        await Expect(loadMore).ToHaveCountAsync(0);

        // Newest first goes into the address, survives a reload, and is remembered when the address has no order.
        await page.Page.Locator("[data-testid='sort']").SelectOptionAsync(nameof(CommentSort.Newest));
        await Expect(page.Page).ToHaveURLAsync(new Regex(@"[?&]sort=new\b"));
        await Expect(page.Conversations.First).ToHaveAttributeAsync("data-comment-id", thread.Conversations[^1].ToString());

        await page.ReloadAsync();
        await Expect(page.Conversations.First).ToHaveAttributeAsync("data-comment-id", thread.Conversations[^1].ToString());
        await Expect(page.Page.Locator("[data-testid='sort']")).ToHaveValueAsync(nameof(CommentSort.Newest));

        await page.OpenAsync(thread.Url);
        await Expect(page.Conversations.First).ToHaveAttributeAsync("data-comment-id", thread.Conversations[^1].ToString());

        await page.OpenAsync($"{thread.Url}?sort=old");
        await Expect(page.Conversations.First).ToHaveAttributeAsync("data-comment-id", thread.Chain[0].ToString());
    }

    [Fact]
    public async Task LinksLandOnTheirCommentClearOfTheBarAndBackReturnsToTheSamePlace()
    {
        var thread = await forum.CreateLongThreadAsync();
        await using var context = await NewContextAsync();
        var page = new ThreadBrowserPage(await context.NewPageAsync());

        // A shared link to a conversation beyond the first screen loads what it needs and lands on it.
        var far = thread.Conversations[^2];
        await page.OpenAsync($"{thread.Url}#c{far}");
        await ExpectInSightAndHighlightedAsync(page, far);
        await page.Page.SaveScreenshotAsync("navigation-link-landed-window");

        // From a single conversation's view, "View the whole thread" lands on that comment too.
        var middle = thread.Conversations[12];
        await page.OpenAsync(thread.PermalinkOf(middle));
        await page.Page.Locator("[data-testid='view-whole-thread']").ClickAsync();
        await ExpectInSightAndHighlightedAsync(page, middle);

        // Back after following a permalink: the same comments loaded, the same place.
        await page.OpenAsync(thread.Url);
        await page.Page.Locator("[data-testid='more-replies']").ClickAsync();
        await Expect(page.Comment(thread.Chain[7])).ToBeVisibleAsync();
        await page.Page.Locator("[data-testid='load-more']").ClickAsync();
        await Expect(page.Conversations).ToHaveCountAsync(thread.Conversations.Count + 1);
        var opened = thread.Conversations[^4];
        await page.Comment(opened).EvaluateAsync("element => element.scrollIntoView({ block: 'center', behavior: 'instant' })");
        var scrolledTo = await page.Page.EvaluateAsync<double>("() => window.scrollY");
        Assert.True(scrolledTo > 1000, $"The comment should be far down the page, not at {scrolledTo}.");
        await page.Page.WaitForFunctionAsync("y => history.state?.forumThread?.scrollY === Math.round(y)", scrolledTo);

        await page.Comment(opened).Locator("a.permalink").ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex($"/c/{opened}$"));
        await Expect(page.Page.Locator("[data-testid='view-whole-thread']")).ToBeVisibleAsync();

        await page.Page.GoBackAsync();
        await ExpectBackAtAsync(page, thread, scrolledTo);

        // A reload of the entry (or coming back to it from another page) reads the same comments again.
        await page.ReloadAsync();
        await ExpectBackAtAsync(page, thread, scrolledTo);
    }

    [Fact]
    public async Task OwnAndNewCommentsComeIntoSightAndReplyingEndsWhenTheWriterStops()
    {
        var thread = await forum.CreateLongThreadAsync();
        var writer = await forum.RegisterMemberAsync("Writer");
        var reader = await forum.RegisterMemberAsync("Reader");
        await using var writerContext = await NewContextAsync();
        await using var readerContext = await NewContextAsync();
        var writerPage = new ThreadBrowserPage(await writerContext.NewPageAsync());
        var readerPage = new ThreadBrowserPage(await readerContext.NewPageAsync());
        await writerPage.Page.SignInAsync(writer.Email, ForumApiClient.Password, thread.Url);
        await readerPage.Page.SignInAsync(reader.Email, ForumApiClient.Password, thread.Url);
        var readerSeesReplying = readerPage.Page.Locator("[data-testid='replying']");

        // The writer's new conversation goes after the loaded ones, far below the editor: the page takes them there.
        var text = $"A new conversation {Guid.NewGuid():N}";
        var topEditor = writerPage.Page.Locator("[data-testid='reply-editor']:not([data-parent-id])");
        await topEditor.Locator("textarea").FillAsync(text);
        await Expect(readerSeesReplying).ToHaveTextAsync($"{writer.DisplayName} is replying…");
        await topEditor.Locator("[data-testid='editor-submit']").ClickAsync();

        var own = writerPage.Page.Locator("[data-comment-id]").Filter(new() { HasText = text });
        await Expect(own).ToHaveCountAsync(1);
        var ownId = await ThreadBrowserPage.IdOfAsync(own);
        await ExpectInSightAndHighlightedAsync(writerPage, ownId);
        await writerPage.Page.SaveScreenshotAsync("navigation-own-comment-window");
        await Expect(readerSeesReplying).ToHaveCountAsync(0);

        // The reader is told, and the button takes them to it.
        var showNew = readerPage.Page.Locator("[data-testid='show-new-comments']");
        await Expect(showNew).ToHaveTextAsync("1 new comment");
        await showNew.ClickAsync();
        await ExpectInSightAndHighlightedAsync(readerPage, ownId);
        await Expect(showNew).ToHaveCountAsync(0);

        // Closing the editor ends "is replying…" at once, and so does leaving the page.
        var writerSeesReplying = writerPage.Page.Locator("[data-testid='replying']");
        var editor = await readerPage.OpenReplyEditorAsync(thread.Conversations[0]);
        await editor.FillAsync("On second thought");
        await Expect(writerSeesReplying).ToHaveTextAsync($"{reader.DisplayName} is replying…");
        await readerPage.Comment(thread.Conversations[0]).Locator("[data-testid='editor-cancel']").ClickAsync();
        await Expect(writerSeesReplying).ToHaveCountAsync(0);

        editor = await readerPage.OpenReplyEditorAsync(thread.Conversations[0]);
        await editor.FillAsync("Something else, then leaving");
        await Expect(writerSeesReplying).ToHaveTextAsync($"{reader.DisplayName} is replying…");
        await readerPage.Page.CloseAsync();
        await Expect(writerSeesReplying).ToHaveCountAsync(0);
    }

    /// <summary>The comment is in the window, below the fixed app bar, and marked as just landed on.</summary>
    private static async Task ExpectInSightAndHighlightedAsync(ThreadBrowserPage page, long commentId)
    {
        var comment = page.Comment(commentId);
        await Expect(comment).ToHaveClassAsync(Landed);
        await Expect(comment).ToBeInViewportAsync();

        // Smooth scrolling may still be under way: wait for the header to settle in the window, below the bar.
        await page.Page.WaitForFunctionAsync(
            """
            id => {
                const header = document.querySelector(`#c${id} .comment-header`);
                const bar = document.querySelector('.mud-appbar');
                if (!header || !bar) return false;
                const box = header.getBoundingClientRect();
                return box.top >= bar.getBoundingClientRect().bottom && box.bottom <= window.innerHeight;
            }
            """,
            commentId);
    }

    private static async Task ExpectBackAtAsync(ThreadBrowserPage page, LongThread thread, double scrolledTo)
    {
        await Expect(page.Page).ToHaveURLAsync(new Regex($"{Regex.Escape(thread.Url)}$"));
        await Expect(page.Conversations).ToHaveCountAsync(thread.Conversations.Count + 1);
        await Expect(page.Comment(thread.Chain[7])).ToBeVisibleAsync();
        await page.Page.WaitForFunctionAsync("y => Math.abs(window.scrollY - y) < 40", scrolledTo);
    }

    private Task<IBrowserContext> NewContextAsync() => chromium.Browser.NewContextAsync(new()
    {
        BaseURL = forum.BaseAddress.ToString(),
        ViewportSize = new() { Width = 1280, Height = 900 },
    });
}
