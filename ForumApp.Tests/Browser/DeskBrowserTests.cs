using ForumApp.Features.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>The app bar in real Chromium: a theme that holds from the first paint, and the signed-in member's menu.</summary>
public sealed class DeskBrowserTests(ChromiumFixture chromium, LiveBrowserForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<LiveBrowserForum>
{
    // ForumTheme's dark background and light background, as the browser computes them.
    private const string DarkBackground = "rgb(17, 19, 25)";
    private const string LightBackground = "rgb(245, 246, 248)";

    static DeskBrowserTests()
    {
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task AChosenDarkThemeIsTheFirstPaintAfterAReloadOnEveryPage()
    {
        await using var context = await NewContextAsync(javaScript: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        var toggle = page.Locator("[data-testid='theme-toggle']");
        await Expect(toggle).ToHaveAttributeAsync("data-theme", "system");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", LightBackground);

        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("data-theme", "light");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);

        // Without JavaScript only the server's render paints: the cookie alone must make it dark.
        await using var noScript = await NewContextAsync(javaScript: false);
        var theme = Assert.Single(await context.CookiesAsync(), c => c.Name == ForumApp.Components.Layout.ThemeCookie.Name);
        Assert.Equal("dark", theme.Value);
        await noScript.AddCookiesAsync([new Cookie { Name = theme.Name, Value = theme.Value, Domain = theme.Domain, Path = theme.Path }]);
        var first = await noScript.NewPageAsync();
        await first.GotoAsync("/");
        await Expect(first.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);
        await first.GotoAsync("/account/login");
        await Expect(first.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);

        // Account pages are static, and their toggle works without a circuit: it posts and comes back.
        var staticToggle = first.Locator("[data-testid='theme-toggle']");
        await Expect(staticToggle).ToBeEnabledAsync();
        await staticToggle.ClickAsync();
        await Expect(first).ToHaveURLAsync(new Uri(forum.BaseAddress, "/account/login").ToString());
        await Expect(first.Locator("[data-testid='theme-toggle']")).ToHaveAttributeAsync("data-theme", "system");
        await Expect(first.Locator("body")).ToHaveCSSAsync("background-color", LightBackground);
        await first.SaveScreenshotAsync("desk-static-login-theme");
    }

    [Fact]
    public async Task AnAdminsAccountMenuLeadsToPasswordModerationAdminAndSignOut()
    {
        var admin = AccountBootstrap.DemoAccounts.Single(a => a.Roles.Contains(ForumRoles.Admin));
        await using var context = await NewContextAsync(javaScript: true);
        var page = await context.NewPageAsync();
        await page.SignInAsync(admin.Email, admin.Password, "/");

        await page.Locator("[data-testid='account-menu-button']").ClickAsync();
        await Expect(page.GetByText("Change password")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='menu-change-password']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='moderation-link']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='menu-admin']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='menu-sign-out'] button")).ToBeVisibleAsync();
        await page.SaveScreenshotAsync("desk-account-menu");

        await page.Locator("[data-testid='menu-change-password']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(forum.BaseAddress, "/account/manage/password").ToString());
        // The address changes before the static page replaces the interactive one: a menu opened in between
        // would be replaced, closed, by the page arriving.
        await Expect(page.Locator("#forum-interactive")).ToHaveAttributeAsync("data-interactive", "false");
        await Expect(page.Locator("[data-testid='theme-toggle']")).ToBeEnabledAsync();

        // The static page's menu is a disclosure; signing out from it works without a circuit.
        await page.Locator("[data-testid='account-menu-button']").ClickAsync();
        await page.Locator("[data-testid='menu-sign-out'] button").ClickAsync();
        await Expect(page.Locator("[data-testid='sign-in']")).ToBeVisibleAsync();
    }

    private Task<IBrowserContext> NewContextAsync(bool javaScript) => chromium.Browser.NewContextAsync(new()
    {
        BaseURL = forum.BaseAddress.ToString(),
        ViewportSize = new() { Width = 1280, Height = 900 },
        ColorScheme = ColorScheme.Light,
        JavaScriptEnabled = javaScript,
    });
}
