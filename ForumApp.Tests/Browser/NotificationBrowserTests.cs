using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>Notifications in real Chromium: the bell counts live, and a notification opens what it is about.</summary>
public sealed class NotificationBrowserTests(ChromiumFixture chromium, LiveBrowserForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<LiveBrowserForum>
{
    static NotificationBrowserTests()
    {
        // A reply crosses a second browser, the server, the producer and back; a busy 2-core machine needs time.
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task AReplyCountsUpTheBellWithoutReloadAndItsNotificationOpensTheReply()
    {
        var ann = await forum.RegisterMemberAsync("Ann");
        var bob = await forum.RegisterMemberAsync("Bob");
        var (threadId, threadUrl) = await forum.StartThreadAsync(ann, "Where do notifications go?");
        var annsComment = await forum.PostCommentAsync(ann, threadId, "Tell me when someone answers.");

        await using var annsContext = await NewContextAsync(1280);
        var annsPage = await annsContext.NewPageAsync();
        await annsPage.SignInAsync(ann.Email, ann.Password, "/");
        var count = annsPage.Locator("[data-testid='bell-count']");
        await Expect(count).ToHaveTextAsync("0");
        await annsPage.EvaluateAsync("() => { window.__sameDocument = true; }");

        await using var bobsContext = await NewContextAsync(1280);
        var bobsPage = await bobsContext.NewPageAsync();
        await bobsPage.SignInAsync(bob.Email, bob.Password, threadUrl);
        var replyId = await new ThreadBrowserPage(bobsPage).ReplyAsync(annsComment, "Here is an answer for you.");

        await Expect(count).ToHaveTextAsync("1");
        Assert.True(await annsPage.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the bell counted up without a reload");

        await annsPage.Locator(".bell-button").ClickAsync();
        var item = annsPage.Locator("[data-testid='bell-item']").First;
        await Expect(item).ToContainTextAsync("Here is an answer for you.");
        await annsPage.SaveScreenshotAsync("notifications-bell-open-1280");
        await item.ClickAsync();

        await Expect(annsPage.Locator($"#c{replyId}")).ToBeVisibleAsync();
        Assert.Contains($"/c/{replyId}", annsPage.Url, StringComparison.Ordinal);
        await Expect(count).ToHaveTextAsync("0");

        var mute = annsPage.Locator("[data-testid='mute-thread']");
        await mute.ClickAsync();
        await Expect(mute).ToHaveAttributeAsync("aria-pressed", "true");
        await annsPage.SaveScreenshotAsync("notifications-thread-muted-1280");

        await annsPage.GotoAsync("/notifications");
        await Expect(annsPage.Locator("[data-testid='notification']")).ToHaveCountAsync(1);
        await Expect(annsPage.Locator("[data-testid='muted-threads'] li")).ToHaveCountAsync(1);
        await annsPage.SaveScreenshotAsync("notifications-page-1280");
        await annsPage.SetViewportSizeAsync(390, 844);
        await annsPage.SaveScreenshotAsync("notifications-page-390");
    }

    private Task<IBrowserContext> NewContextAsync(int width) => chromium.Browser.NewContextAsync(new()
    {
        BaseURL = forum.BaseAddress.ToString(),
        ViewportSize = new() { Width = width, Height = 900 },
        ColorScheme = ColorScheme.Light,
    });
}
