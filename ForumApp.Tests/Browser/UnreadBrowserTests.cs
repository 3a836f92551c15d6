using ForumApp.Tests.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>A member comes back to a thread: the home list counts what is new, the thread marks it, reading clears it.</summary>
public sealed class UnreadBrowserTests(ChromiumFixture chromium, LiveBrowserForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<LiveBrowserForum>
{
    static UnreadBrowserTests()
    {
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task NewRepliesAreCountedMarkedJumpedToAndClearedByReading()
    {
        var reader = await forum.RegisterMemberAsync("Returner");
        var writer = await forum.RegisterMemberAsync("Chatter");
        var (threadId, url) = await forum.StartThreadAsync(writer, $"Coming back to this {Guid.NewGuid():N}"[..30]);
        for (var i = 1; i <= 6; i++)
        {
            await forum.PostCommentAsync(writer, threadId, $"Earlier comment {i}. " + string.Concat(Enumerable.Repeat("Some words to give it height. ", 12)));
        }

        await forum.PinAsync(forum.SeedThreadId);
        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = forum.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1280, Height = 800 },
            ColorScheme = ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        await page.SignInAsync(reader.Email, reader.Password, url);

        // Reading to the end of the thread records it as read.
        await Expect(page.Locator("article.comment")).ToHaveCountAsync(6);
        await Expect(page.Locator("[data-testid='jump-to-new']")).ToHaveTextAsync("Jump to first new (6)");
        await ScrollToEndAsync(page);
        await Eventually.Until(() => forum.UnreadCountAsync(reader, threadId), unread => unread == 0, "the reader read the whole thread");

        var first = await forum.PostCommentAsync(writer, threadId, "The first of two new replies.");
        var second = await forum.PostCommentAsync(writer, threadId, "The second of two new replies.");
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        var row = page.Locator($"li.thread-row[data-thread-id='{threadId}']");
        await Expect(row.Locator("[data-testid='unread']")).ToHaveTextAsync("2 new");
        await Expect(page.Locator($"li.thread-row[data-thread-id='{forum.SeedThreadId}'] [data-testid='pinned']")).ToContainTextAsync("Pinned");
        await page.SaveScreenshotAsync("home-pinned-unread-1280");
        await page.SetViewportSizeAsync(390, 844);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.SaveScreenshotAsync("home-pinned-unread-390-dark");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.SetViewportSizeAsync(1280, 800);

        await row.Locator("a.thread-link").ClickAsync();
        var newOnes = page.Locator("article.comment.unread");
        await Expect(newOnes).ToHaveCountAsync(2);
        Assert.Equal([first, second], await Task.WhenAll(Enumerable.Range(0, 2).Select(i => ThreadBrowserPage.IdOfAsync(newOnes.Nth(i)))));
        await Expect(newOnes.First.Locator("[data-testid='new-marker']")).ToHaveTextAsync("New");

        await page.Locator("[data-testid='jump-to-new']").ClickAsync();
        var target = page.Locator($"#c{first}");
        await Expect(target).ToBeInViewportAsync();
        await Eventually.True(async () => await TopOfAsync(target) >= await AppBarBottomAsync(page), "the first new comment sits clear of the app bar");
        await page.SaveScreenshotAsync("thread-new-markers-1280");
        await page.SetViewportSizeAsync(390, 844);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.Locator("[data-testid='jump-to-new']").ClickAsync();
        await Expect(target).ToBeInViewportAsync();
        await page.SaveScreenshotAroundAsync(target, "thread-new-markers-390-dark");

        await ScrollToEndAsync(page);
        await Eventually.Until(() => forum.UnreadCountAsync(reader, threadId), unread => unread == 0, "the reader scrolled past both new replies");
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("[data-testid='unread']")).ToHaveCountAsync(0);
    }

    private static async Task ScrollToEndAsync(IPage page)
    {
        await page.WaitForInteractiveAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
    }

    private static async Task<double> TopOfAsync(ILocator element) => (await element.BoundingBoxAsync())?.Y ?? -1;

    private static Task<double> AppBarBottomAsync(IPage page) =>
        page.EvaluateAsync<double>("() => document.querySelector('.mud-appbar')?.getBoundingClientRect().bottom ?? 0");
}
