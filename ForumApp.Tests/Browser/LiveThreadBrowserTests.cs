using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>
/// Members and moderators using the live thread page in real Chromium against the app on a real port:
/// writing, drafts, several readers at once, and moderation reaching open pages.
/// </summary>
public sealed class LiveThreadBrowserTests(ChromiumFixture chromium, LiveBrowserForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<LiveBrowserForum>
{
    static LiveThreadBrowserTests()
    {
        // Live changes cross a server and a second browser; a busy 2-core machine needs more than 5 s now and then.
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task ANewMemberRepliesInPlaceKeepsTheReplyAfterReloadAndEditsIt()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await page.RegisterAsync($"Newcomer {suffix}", $"newcomer.{suffix}@example.test", LiveBrowserForum.Password);

        var thread = new ThreadBrowserPage(page);
        await thread.OpenAsync(forum.SeedThreadUrl);
        var parentId = await thread.ConversationIdAsync(1);
        var replyId = await thread.ReplyAsync(parentId, $"First post from newcomer {suffix}");

        var reply = thread.Comment(replyId);
        await Expect(reply).ToHaveAttributeAsync("data-parent-id", parentId.ToString());
        await Expect(reply).ToHaveAttributeAsync("data-depth", "1");
        await Expect(reply.Locator(".author")).ToHaveTextAsync($"Newcomer {suffix}");
        await page.SaveScreenshotAroundAsync(reply, "live-new-member-reply");

        await thread.ReloadAsync();
        await Expect(thread.Comment(replyId)).ToHaveAttributeAsync("data-parent-id", parentId.ToString());
        await Expect(thread.Comment(replyId).Locator(".comment-text")).ToHaveTextAsync($"First post from newcomer {suffix}");

        await thread.Comment(replyId).Locator("[data-testid='edit-button']").ClickAsync();
        var editor = thread.Comment(replyId).Locator("[data-testid='reply-editor'] textarea");
        await Expect(editor).ToHaveValueAsync($"First post from newcomer {suffix}");
        await editor.FillAsync($"First post from newcomer {suffix}, now with a correction");
        await thread.SubmitEditorUnderAsync(replyId);

        await Expect(thread.Comment(replyId).Locator("[data-testid='edited-marker']")).ToHaveTextAsync("edited");
        await Expect(thread.Comment(replyId).Locator(".comment-text")).ToHaveTextAsync($"First post from newcomer {suffix}, now with a correction");
        await Expect(thread.Editors).ToHaveCountAsync(1);
        await page.SaveScreenshotAroundAsync(thread.Comment(replyId), "live-new-member-edited");

        await thread.ReloadAsync();
        await Expect(thread.Comment(replyId).Locator("[data-testid='edited-marker']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ADraftSurvivesAReloadAndIsClearedOnceItIsPosted()
    {
        var member = await forum.RegisterMemberAsync("Drafter");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(member.Email, member.Password, forum.SeedThreadUrl);
        var thread = new ThreadBrowserPage(page);
        var parentId = await thread.ConversationIdAsync(3);
        var draft = $"A thought worth keeping {Guid.NewGuid():N}";

        var editor = await thread.WriteDraftAsync(member.Id, forum.SeedThreadId, parentId, draft);

        await thread.ReloadAsync();
        editor = await thread.OpenReplyEditorAsync(parentId);

        await Expect(editor).ToHaveValueAsync(draft);
        await Expect(thread.Comment(parentId).Locator("[data-testid='editor-counter']")).ToHaveTextAsync($"{draft.Length} / 10,000");
        await page.SaveScreenshotAroundAsync(editor, "live-draft-restored");

        await thread.SubmitEditorUnderAsync(parentId);

        await Expect(thread.RepliesTo(parentId).Filter(new() { HasText = draft })).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("key => localStorage.getItem(key) === null", ThreadBrowserPage.DraftKey(member.Id, forum.SeedThreadId, parentId));
        Assert.Null(await thread.DraftAsync(member.Id, forum.SeedThreadId, parentId));

        await thread.ReloadAsync();
        editor = await thread.OpenReplyEditorAsync(parentId);
        await Expect(editor).ToHaveValueAsync("");
    }

    [Fact]
    public async Task ADraftStaysWithItsMemberAndIsClearedAtSignOut()
    {
        var first = await forum.RegisterMemberAsync("FirstAtTheDesk");
        var second = await forum.RegisterMemberAsync("SecondAtTheDesk");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(first.Email, first.Password, forum.SeedThreadUrl);
        var thread = new ThreadBrowserPage(page);
        var parentId = await thread.ConversationIdAsync(5);
        var secret = $"Only for me {Guid.NewGuid():N}";
        await thread.WriteDraftAsync(first.Id, forum.SeedThreadId, parentId, secret);

        await page.SignOutAsync();
        await Expect(page.Locator("[data-testid='signed-in-as']")).ToHaveCountAsync(0);
        Assert.Empty(await thread.DraftKeysAsync());

        await page.SignInAsync(second.Email, second.Password, forum.SeedThreadUrl);
        var editor = await thread.OpenReplyEditorAsync(parentId);

        await Expect(editor).ToHaveValueAsync("");
    }

    [Fact]
    public async Task SigningOutFromAPageWithoutACircuitClearsTheDraftsToo()
    {
        var member = await forum.RegisterMemberAsync("StaticDesk");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(member.Email, member.Password, forum.SeedThreadUrl);
        var thread = new ThreadBrowserPage(page);
        var parentId = await thread.ConversationIdAsync(2);
        await thread.WriteDraftAsync(member.Id, forum.SeedThreadId, parentId, $"Half a thought {Guid.NewGuid():N}");

        // The account pages are static: their menu is a native disclosure and no component script runs there.
        await page.GotoAsync("/account/manage/password");
        await page.SignOutAsync();

        Assert.Empty(await thread.DraftKeysAsync());
    }

    [Fact]
    public async Task TextOverTheCircuitsLimitIsRefusedInWordsAndTheEditorKeepsWorkingAfterAReload()
    {
        var member = await forum.RegisterMemberAsync("Oversize");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(member.Email, member.Password, forum.SeedThreadUrl);
        var thread = new ThreadBrowserPage(page);
        var parentId = await thread.ConversationIdAsync(4);
        var draftKey = ThreadBrowserPage.DraftKey(member.Id, forum.SeedThreadId, parentId);
        var editor = await thread.OpenReplyEditorAsync(parentId);

        // Past the textarea's maxlength only a script gets: 200,000 characters, more than the circuit's 128 KB.
        // Sending it is refused in words (the text stays in the editor), and the draft keeper has stored it.
        await editor.EvaluateAsync("t => { t.value = 'x'.repeat(200000); t.dispatchEvent(new Event('input', { bubbles: true })); }");
        await page.WaitForFunctionAsync("key => (localStorage.getItem(key) ?? '').length > 200000", draftKey);
        await thread.SubmitEditorUnderAsync(parentId);
        await Expect(thread.Comment(parentId).Locator("[data-testid='editor-error']")).ToContainTextAsync("the limit is 10,000");
        Assert.Equal(200_000, await editor.EvaluateAsync<int>("t => t.value.length"));

        await thread.ReloadAsync();
        editor = await thread.OpenReplyEditorAsync(parentId);
        await Expect(editor).ToHaveValueAsync("");
        var reply = $"Still replying after an oversize message {Guid.NewGuid():N}";
        await editor.FillAsync(reply);
        await thread.SubmitEditorUnderAsync(parentId);

        await Expect(thread.RepliesTo(parentId).Filter(new() { HasText = reply })).ToHaveCountAsync(1);
        await Expect(thread.RepliesTo(parentId).Filter(new() { HasText = "xxxxxxxxxx" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TwoReadersSeeEachOtherAndAReplyArrivesWithoutReload()
    {
        var member = await forum.RegisterMemberAsync("Writer");
        await using var writerContext = await NewContextAsync();
        await using var readerContext = await NewContextAsync();
        var writer = new ThreadBrowserPage(await writerContext.NewPageAsync());
        var reader = new ThreadBrowserPage(await readerContext.NewPageAsync());
        await writer.Page.SignInAsync(member.Email, member.Password, forum.SeedThreadUrl);
        await reader.OpenAsync(forum.SeedThreadUrl);
        await reader.MarkDocumentAsync();

        await Expect(writer.Viewing).ToContainTextAsync("2 viewing");
        await Expect(reader.Viewing).ToContainTextAsync("2 viewing");

        var parentId = await writer.ConversationIdAsync(1);
        var text = $"Hello from the other window {Guid.NewGuid():N}";
        var replyId = await writer.ReplyAsync(parentId, text);

        await Expect(reader.Comment(replyId)).ToHaveAttributeAsync("data-parent-id", parentId.ToString());
        await Expect(reader.Comment(replyId).Locator(".comment-text")).ToHaveTextAsync(text);
        Assert.True(await reader.IsSameDocumentAsync(), "The reader's page reloaded to show the reply.");

        // It sits after its parent's earlier replies: the last of them.
        Assert.Equal(replyId, await ThreadBrowserPage.IdOfAsync(reader.RepliesTo(parentId).Last));
        await writer.Page.SaveScreenshotAroundAsync(writer.Comment(replyId), "live-two-readers-writer");
        await reader.Page.SaveScreenshotAroundAsync(reader.Comment(replyId), "live-two-readers-reader");
    }

    [Fact]
    public async Task AModeratorsRemovalReachesAnOpenPageAsATombstoneAboveTheReplies()
    {
        await using var moderatorContext = await NewContextAsync();
        await using var readerContext = await NewContextAsync();
        var moderator = new ThreadBrowserPage(await moderatorContext.NewPageAsync());
        var reader = new ThreadBrowserPage(await readerContext.NewPageAsync());
        await moderator.Page.SignInAsync(LiveBrowserForum.DemoModerator.Email, LiveBrowserForum.DemoModerator.Password, forum.SeedThreadUrl);
        await reader.OpenAsync(forum.SeedThreadUrl);
        await reader.MarkDocumentAsync();

        // The third seed comment, with its three replies.
        var targetId = await moderator.ConversationIdAsync(2);
        var replyTexts = await reader.RepliesTo(targetId).Locator(".comment-text").AllTextContentsAsync();
        Assert.Equal(3, replyTexts.Count);

        await moderator.Comment(targetId).EvaluateAsync("element => element.scrollIntoView({ block: 'center' })");
        await moderator.Comment(targetId).Locator("[data-testid='moderate-menu'] button").First.ClickAsync();
        await moderator.Page.Locator("[data-testid='moderate-remove']").ClickAsync();
        var reason = moderator.Page.Locator("[data-testid='dialog-reason']");
        await reason.FillAsync("Off topic for this thread");
        await moderator.Page.SaveScreenshotAroundAsync(reason, "live-moderator-remove-dialog");
        await moderator.Page.Locator("[data-testid='dialog-confirm']").ClickAsync();

        var tombstone = reader.Comment(targetId).Locator("[data-testid='tombstone']");
        await Expect(tombstone).ToContainTextAsync("Removed by a moderator");
        await Expect(tombstone).ToContainTextAsync("Reason: Off topic for this thread");
        await Expect(reader.Comment(targetId).Locator(".comment-text")).ToHaveCountAsync(0);
        await Expect(reader.RepliesTo(targetId).Locator(".comment-text")).ToHaveTextAsync(replyTexts.ToArray());
        Assert.True(await reader.IsSameDocumentAsync(), "The reader's page reloaded to show the removal.");

        // The moderator still reads what was removed, marked as for moderators only.
        await Expect(moderator.Comment(targetId).Locator("[data-testid='removed-text']")).ToBeVisibleAsync();
        await Expect(moderator.Page.Locator("[data-testid='dialog-confirm']")).ToHaveCountAsync(0);
        await reader.Page.SaveScreenshotAroundAsync(reader.Comment(targetId), "live-removal-reader");
        await moderator.Page.SaveScreenshotAroundAsync(moderator.Comment(targetId), "live-removal-moderator");
    }

    [Fact]
    public async Task AModeratorRemovesAThreadFromItsPageAndItLeavesTheForum()
    {
        var author = await forum.RegisterMemberAsync("Starter");
        var title = $"A thread to remove {Guid.NewGuid():N}";
        var (threadId, url) = await forum.StartThreadAsync(author, title);
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(LiveBrowserForum.DemoModerator.Email, LiveBrowserForum.DemoModerator.Password, url);
        await page.WaitForInteractiveAsync();

        await page.Locator("[data-testid='remove-thread']").ClickAsync();
        var reason = page.Locator("[data-testid='dialog-reason']");
        await reason.FillAsync("Spam");
        await page.SaveScreenshotAroundAsync(reason, "live-moderator-remove-thread-dialog");
        await page.Locator("[data-testid='dialog-confirm']").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(forum.BaseAddress, "/").ToString());
        await Expect(page.Locator($"li.thread-row[data-thread-id='{threadId}']")).ToHaveCountAsync(0);
        await Expect(page.Locator("li.thread-row")).Not.ToHaveCountAsync(0);
        var response = await page.GotoAsync(url);
        Assert.Equal(404, response!.Status);
    }

    [Fact]
    public async Task ASuspendedMembersOpenEditorClosesAndTheyAreToldWhy()
    {
        var member = await forum.RegisterMemberAsync("Suspended");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(member.Email, member.Password, forum.SeedThreadUrl);
        var thread = new ThreadBrowserPage(page);
        var parentId = await thread.ConversationIdAsync(4);
        var editor = await thread.OpenReplyEditorAsync(parentId);
        await editor.FillAsync("Something I may not get to say");
        await thread.MarkDocumentAsync();

        await forum.SuspendAsync(member.Id, "Cooling off");

        await Expect(thread.MemberNotice).ToContainTextAsync("suspended");
        await Expect(thread.Editors).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid='reply-button']")).ToHaveCountAsync(0);
        Assert.True(await thread.IsSameDocumentAsync(), "The page reloaded to show the suspension.");
        await page.SaveScreenshotAroundAsync(thread.MemberNotice, "live-suspended-member");
    }

    private Task<IBrowserContext> NewContextAsync() => chromium.Browser.NewContextAsync(new()
    {
        BaseURL = forum.BaseAddress.ToString(),
        ViewportSize = new() { Width = 1280, Height = 900 },
        ColorScheme = ColorScheme.Light,
    });
}
