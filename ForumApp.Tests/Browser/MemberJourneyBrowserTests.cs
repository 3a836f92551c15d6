using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>
/// A reader becomes a member without losing their way: from "Sign in to reply" or "Sign in to start a
/// thread" through log-in (or registration) back to the place they left, with the editor they wanted open.
/// </summary>
public sealed class MemberJourneyBrowserTests(ChromiumFixture chromium, LiveBrowserForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<LiveBrowserForum>
{
    static MemberJourneyBrowserTests()
    {
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task AMemberStartsAThreadAfterAValidationErrorAndFindsItOnTheHomePage()
    {
        var member = await forum.RegisterMemberAsync("Starter");
        await using var context = await NewContextAsync(1280, 900);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();

        await page.Locator("[data-testid='start-thread']").ClickAsync();
        await Expect(page.Locator("[data-testid='sign-in-to-start-link']")).ToHaveTextAsync("Sign in to start a thread");
        await page.SaveScreenshotAsync("new-thread-signed-out-1280");
        await page.Locator("[data-testid='sign-in-to-start-link']").ClickAsync();
        await SubmitLogInAsync(page, member);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/threads/new");
        await WaitForNewThreadFormAsync(page);

        var title = page.Locator("[data-testid='new-thread-title']");
        var body = page.Locator("[data-testid='new-thread-body']");
        var words = $"Why do the **tides** turn? {Guid.NewGuid():N}";
        await title.FillAsync("Tide");
        await body.FillAsync(words);
        await page.Locator("[data-testid='new-thread-submit']").ClickAsync();

        await Expect(page.Locator("[data-testid='new-thread-title-error']")).ToHaveTextAsync("The title needs at least 5 characters.");
        await Expect(title).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("[data-testid='new-thread-submit']")).ToBeEnabledAsync();
        await Expect(title).ToHaveValueAsync("Tide");
        await Expect(body).ToHaveValueAsync(words);
        await page.SaveScreenshotAsync("new-thread-validation-1280");

        // The draft outlives a reload.
        await page.ReloadAsync();
        await WaitForNewThreadFormAsync(page);
        await Expect(title).ToHaveValueAsync("Tide");
        await Expect(body).ToHaveValueAsync(words);

        await page.Locator("[data-testid='new-thread-preview-tab']").ClickAsync();
        await Expect(page.Locator("[data-testid='new-thread-preview'] strong")).ToHaveTextAsync("tides");

        var fullTitle = $"Tides and the moon {Guid.NewGuid():N}"[..30];
        await title.FillAsync(fullTitle);
        await page.Locator("[data-testid='new-thread-submit']").ClickAsync();

        try
        {
            // Polled, not WaitForURL: Blazor moves to the thread in the page (history API), and WaitForURL can go on
            // waiting for a load event that an in-page navigation never fires.
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/t/\d+"));
        }
        catch (PlaywrightException)
        {
            // Say what the form showed instead of the thread, so a failure here can be read.
            await page.SaveScreenshotAsync("new-thread-not-posted-1280");
            Assert.Fail($"The form did not lead to the new thread. The page said: {await page.Locator("main").InnerTextAsync()}");
        }
        await Expect(page.Locator("h1.thread-title")).ToHaveTextAsync(fullTitle);
        await Expect(page.Locator(".article-body strong")).ToHaveTextAsync("tides");

        await page.Locator("a.brand").ClickAsync();
        await Expect(page.Locator("li.thread-row a.thread-link", new() { HasText = fullTitle })).ToHaveCountAsync(1);
        await page.SaveScreenshotAsync("home-with-started-thread-1280");

        // Posted, so the draft is gone.
        await page.GotoAsync("/threads/new");
        await WaitForNewThreadFormAsync(page);
        await Expect(page.Locator("[data-testid='new-thread-title']")).ToHaveValueAsync("");
    }

    [Fact]
    public async Task AReaderWhoSignsInToReplyLandsOnThatCommentWithItsEditorOpen()
    {
        var member = await forum.RegisterMemberAsync("Returning");
        await using var context = await NewContextAsync(390, 844);
        var page = await context.NewPageAsync();
        var thread = new ThreadBrowserPage(page);
        await thread.OpenAsync(forum.SeedThreadUrl);

        // No editor and no editor script for a reader who cannot send.
        await Expect(thread.Editors).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid='reply-button']")).ToHaveCountAsync(0);
        Assert.False(await EditorScriptLoadedAsync(page));

        var commentId = await thread.ConversationIdAsync(3);
        var link = thread.Comment(commentId).Locator("[data-testid='sign-in-to-reply']");
        await page.SaveScreenshotAroundAsync(link, "sign-in-to-reply-390");
        await link.ClickAsync();
        await SubmitLogInAsync(page, member);

        await page.WaitForURLAsync(url => new Uri(url).Query == $"?reply={commentId}");
        var editor = thread.Comment(commentId).Locator("[data-testid='reply-editor'] textarea");
        await Expect(editor).ToBeFocusedAsync();
        await Expect(editor).ToBeInViewportAsync();
        await page.SaveScreenshotAroundAsync(editor, "signed-in-to-reply-390");

        // The comment's draft (this member's) comes back with the editor.
        await editor.PressSequentiallyAsync("Half a reply");
        await thread.ReloadAsync();
        await Expect(editor).ToBeFocusedAsync();
        await Expect(editor).ToHaveValueAsync("Half a reply");
    }

    [Fact]
    public async Task AReaderWhoRegistersToReplyLandsOnThatCommentWithItsEditorOpen()
    {
        await using var context = await NewContextAsync(1280, 900);
        var page = await context.NewPageAsync();
        var thread = new ThreadBrowserPage(page);
        await thread.OpenAsync(forum.SeedThreadUrl);
        var commentId = await thread.ConversationIdAsync(5);

        await thread.Comment(commentId).Locator("[data-testid='sign-in-to-reply']").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await page.GetByLabel("Display name", new() { Exact = true }).FillAsync($"Joiner {suffix}");
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync($"joiner.{suffix}@example.test");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(LiveBrowserForum.Password);
        await page.GetByLabel("Confirm password", new() { Exact = true }).FillAsync(LiveBrowserForum.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).Query == $"?reply={commentId}");
        await Expect(page.Locator("[data-testid='signed-in-as']")).ToHaveTextAsync($"Joiner {suffix}");
        var editor = thread.Comment(commentId).Locator("[data-testid='reply-editor'] textarea");
        await Expect(editor).ToBeFocusedAsync();
        await Expect(editor).ToBeInViewportAsync();
    }

    /// <summary>
    /// The page's own script (which brings a linked comment into sight) can arrive after the editor took focus; the
    /// editor must stay in sight whichever comes first. The script is held back here so it always comes last.
    /// </summary>
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task AReplyEditorOpenedOnArrivalStaysInSightWhenThePageScriptComesLate(int width, int height)
    {
        await using var context = await NewContextAsync(width, height);
        var page = await context.NewPageAsync();
        var member = await forum.RegisterMemberAsync("Late");
        await page.SignInAsync(member.Email, member.Password, forum.SeedThreadUrl);
        var thread = new ThreadBrowserPage(page);
        var commentId = await thread.ConversationIdAsync(5);
        await page.RouteAsync("**/Components/Pages/ThreadPage*.js", async route =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            await route.ContinueAsync();
        });

        await page.GotoAsync($"{forum.SeedThreadUrl}?reply={commentId}#c{commentId}");

        var editor = thread.Comment(commentId).Locator("[data-testid='reply-editor'] textarea");
        await Expect(editor).ToBeFocusedAsync();
        // The script has arrived and brought the comment into sight: the highlight says so.
        await Expect(thread.Comment(commentId)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("landed"));
        await thread.ScrollSettledAsync();
        await Expect(editor).ToBeInViewportAsync();
        await Expect(editor).ToBeFocusedAsync();
        // The window as the reader sees it on arrival (not scrolled for the picture).
        Directory.CreateDirectory(ForumBrowserPages.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ForumBrowserPages.ScreenshotFolder, $"reply-on-arrival-late-script-{width}.png") });
    }

    [Fact]
    public async Task OnAPhoneALockKeepsTheReplyReadOnlyBesideItsNoticeAndASuspensionSaysWhyAfterAReload()
    {
        var member = await forum.RegisterMemberAsync("Phone");
        var author = await forum.RegisterMemberAsync("Author");
        var (threadId, url) = await forum.StartThreadAsync(author, $"Locked while writing {Guid.NewGuid():N}"[..36]);
        using var api = new ForumApp.Tests.TestInfrastructure.ForumApiClient(forum.BaseAddress);
        var authorSignedIn = await api.LogInAsync(author.Id, author.DisplayName, author.Email, author.Password);
        var commentId = (await api.PostCommentAsync(authorSignedIn, threadId, "Something worth answering.")).GetProperty("id").GetInt64();
        await using var context = await NewContextAsync(390, 844);
        var page = await context.NewPageAsync();
        await page.SignInAsync(member.Email, member.Password, url);
        var thread = new ThreadBrowserPage(page);
        var editor = await thread.OpenReplyEditorAsync(commentId);
        await editor.PressSequentiallyAsync("An answer in progress");

        var moderator = await api.LogInAsync(0, LiveBrowserForum.DemoModerator.DisplayName, LiveBrowserForum.DemoModerator.Email, LiveBrowserForum.DemoModerator.Password);
        await api.SendAsync(HttpMethod.Post, $"/api/moderation/threads/{threadId}/lock", moderator, new { reason = "Cooling off" }, System.Net.HttpStatusCode.NoContent);

        var replyEditor = thread.Comment(commentId).Locator("[data-testid='reply-editor']");
        await Expect(replyEditor.Locator("[data-testid='editor-locked']")).ToBeVisibleAsync();
        await Expect(editor).ToHaveValueAsync("An answer in progress");
        await Expect(editor).Not.ToBeEditableAsync();
        await Expect(replyEditor.Locator("[data-testid='editor-submit']")).ToBeDisabledAsync();
        await page.SaveScreenshotAroundAsync(replyEditor, "locked-while-writing-390");

        await forum.SuspendAsync(member.Id, "spam links");
        await thread.ReloadAsync();

        await Expect(thread.MemberNotice).ToContainTextAsync("You are suspended until");
        await Expect(thread.MemberNotice).ToContainTextAsync(": spam links.");
        await Expect(page.Locator("[data-testid='reply-button']")).ToHaveCountAsync(0);
        await Expect(thread.Editors).ToHaveCountAsync(0);
        await page.SaveScreenshotAsync("suspended-after-reload-390");
    }

    /// <summary>The form keeps its draft once the page is interactive and its script attached.</summary>
    private static Task WaitForNewThreadFormAsync(IPage page) =>
        page.Locator("[data-testid='new-thread'][data-draft-kept='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    private static async Task SubmitLogInAsync(IPage page, BrowserMember member)
    {
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(member.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(member.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    private static Task<bool> EditorScriptLoadedAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => performance.getEntriesByType('resource').some(entry => entry.name.includes('ReplyEditor.razor.js'))");

    private Task<IBrowserContext> NewContextAsync(int width, int height) => chromium.Browser.NewContextAsync(new()
    {
        BaseURL = forum.BaseAddress.ToString(),
        ViewportSize = new() { Width = width, Height = height },
        ColorScheme = ColorScheme.Light,
    });
}
