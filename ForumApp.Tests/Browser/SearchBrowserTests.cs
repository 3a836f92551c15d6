using System.Text.RegularExpressions;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>Searching from the app bar in real Chromium, on a desk and on a phone, and following a result.</summary>
public sealed class SearchBrowserTests(ChromiumFixture chromium, AccessibilityForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<AccessibilityForum>
{
    static SearchBrowserTests()
    {
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task SearchingFromTheAppBarLeadsToTheResultsAndAResultToItsThread()
    {
        await using var context = await NewContextAsync(1280, 900);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();

        await page.GetByTestId("search-input").FillAsync("reading both themes");
        await page.GetByTestId("search-input").PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex(@"/search\?q=reading%20both%20themes$"));
        var result = page.Locator("li.result[data-kind='thread']").First;
        await Expect(result.Locator(".result-title mark")).ToHaveTextAsync(["Reading", "both", "themes"]);
        await result.GetByTestId("search-result-link").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(forum.ThreadUrl) + "$"));
        await Expect(page.Locator("h1.thread-title")).ToHaveTextAsync("Reading comments in both themes");
    }

    [Fact]
    public async Task OnAPhoneTheSearchIconOpensTheBoxAndAnAuthorLeadsToTheirProfile()
    {
        await using var context = await NewContextAsync(390, 844);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("search-input")).ToBeHiddenAsync();

        await page.GetByTestId("search-open").ClickAsync();
        await Expect(page.GetByTestId("search-input")).ToBeFocusedAsync();
        await page.GetByTestId("search-input").FillAsync("glad it did");
        await page.GetByTestId("search-input").PressAsync("Enter");

        var result = page.Locator("li.result[data-kind='comment']").First;
        await Expect(result.Locator(".excerpt")).ToContainTextAsync("Glad it did");
        await result.GetByTestId("author-link").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/u/" + Regex.Escape(Uri.EscapeDataString(forum.Author.DisplayName)) + "$"));
        await Expect(page.GetByTestId("profile-name")).ToHaveTextAsync(forum.Author.DisplayName);
        await Expect(page.GetByTestId("profile-comment-link").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AResultsPageSearchesOnceForItsFirstPaintAndItsLivePage()
    {
        // Two searches a minute: the page's first paint and the next search the reader asks for. Were the live page
        // to search again for what its first paint showed, the reader's own next search would be refused.
        await using var app = new ForumAppFactory().WithSetting("Forum:SearchesPerMinutePerAddress", "2");
        var baseAddress = app.StartOnKestrel();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = baseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/search?q=Xiaomi");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("li.result").First).ToBeVisibleAsync();

        await page.GetByLabel("Words to find").FillAsync("Communist Military");
        await page.GetByLabel("Words to find").PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex(@"/search\?q=Communist%20Military$"));
        await Expect(page.Locator("li.result mark").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("search-error")).ToHaveCountAsync(0);
    }

    private Task<IBrowserContext> NewContextAsync(int width, int height) => chromium.Browser.NewContextAsync(new()
    {
        BaseURL = forum.BaseAddress.ToString(),
        ViewportSize = new() { Width = width, Height = height },
    });
}
