using System.Text.RegularExpressions;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

public sealed class ThreadBrowsingTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const string SeedTitle = "Xiaomi is no longer designated as a 'Communist Chinese Military Company'.";

    private readonly ForumAppFactory _app = new();
    private Uri _baseAddress = null!;

    public Task InitializeAsync()
    {
        _baseAddress = _app.StartOnKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        TestFolders.TryDelete(_app.DataFolder);
    }

    [Fact]
    public async Task HomeAndSeedThreadShowTheNestedTree()
    {
        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new() { Width = 1280, Height = 900 },
            ColorScheme = ColorScheme.Light,
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        await page.SaveScreenshotAsync("home-desktop-light");

        await page.GetByRole(AriaRole.Link, new() { Name = SeedTitle }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/t/\d+/xiaomi-"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(SeedTitle);
        await Expect(page).ToHaveTitleAsync(SeedTitle);
        await Expect(page.Locator("[data-comment-id]")).ToHaveCountAsync(19);

        // Positions need the stylesheets: on a busy machine the markup can be there before they are.
        await page.WaitForLoadStateAsync(LoadState.Load);
        await page.WaitForInteractiveAsync();

        var reply = page.Locator("[data-depth='1']").First;
        var parentId = await reply.GetAttributeAsync("data-parent-id");
        var parent = page.Locator($"#c{parentId}");
        Assert.Equal("0", await parent.GetAttributeAsync("data-depth"));

        // One indent step (20px) to the right of its parent.
        var replyHeader = await reply.Locator(".comment-header").BoundingBoxAsync();
        var parentHeader = await parent.Locator(".comment-header").BoundingBoxAsync();
        Assert.NotNull(replyHeader);
        Assert.NotNull(parentHeader);
        Assert.InRange(replyHeader.X - parentHeader.X, 15, 25);

        await page.SaveScreenshotAsync("thread-desktop-light");
    }

    [Fact]
    public async Task ThreadReadsWellOnAPhoneInDarkModeAndSwitchesToLight()
    {
        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new() { Width = 390, Height = 844 },
            ColorScheme = ColorScheme.Dark,
            IsMobile = true,
            HasTouch = true,
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        var threadUrl = await page.Locator("a.thread-link").First.GetAttributeAsync("href");
        await page.GotoAsync(threadUrl!);
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("[data-comment-id]")).ToHaveCountAsync(19);

        // The app follows the system's dark preference once interactive.
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(17, 19, 25)");

        // Nothing is wider than the phone: no sideways scrolling.
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the screen.");

        await page.SaveScreenshotAsync("thread-phone-dark");

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" }).ClickAsync();
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(245, 246, 248)");
    }
}
