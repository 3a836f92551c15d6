using ForumApp.Tests.TestInfrastructure;
using Microsoft.Playwright;

namespace ForumApp.Tests.BrowserTests;

/// <summary>What browser tests do on any ForumApp page.</summary>
public static class ForumBrowserPages
{
    public static string ScreenshotFolder { get; } = Path.Combine(RepoPaths.Root, "TestResults", "screenshots");

    /// <summary>
    /// Waits until the circuit is up: the page is prerendered first, and a click before the
    /// circuit is interactive would be lost.
    /// </summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("#forum-interactive[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Creates an account through the register page; the app signs the new member in.</summary>
    public static async Task RegisterAsync(this IPage page, string displayName, string email, string password)
    {
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Display name", new() { Exact = true }).FillAsync(displayName);
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='signed-in-as']")).ToHaveTextAsync(displayName);
    }

    /// <summary>Signs in through the log-in page and comes back to <paramref name="returnUrl"/>.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password, string returnUrl)
    {
        await page.GotoAsync($"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == returnUrl);
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Signs out the way a member does: the account menu in the app bar, then "Sign out".</summary>
    public static async Task SignOutAsync(this IPage page)
    {
        await page.Locator("[data-testid='account-menu-button']").ClickAsync();
        await page.Locator("[data-testid='menu-sign-out']").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='sign-in']")).ToBeVisibleAsync();
    }

    /// <summary>Presses the app bar's theme toggle (system → light → dark → system) until <paramref name="theme"/> is chosen.</summary>
    public static async Task ChooseThemeAsync(this IPage page, string theme)
    {
        var toggle = page.Locator("[data-testid='theme-toggle']");
        for (var press = 0; press < 3 && await toggle.GetAttributeAsync("data-theme") != theme; press++)
        {
            var before = await toggle.GetAttributeAsync("data-theme");
            await toggle.ClickAsync();
            await Assertions.Expect(toggle).Not.ToHaveAttributeAsync("data-theme", before ?? "");
        }

        await Assertions.Expect(toggle).ToHaveAttributeAsync("data-theme", theme);
    }

    public static async Task<string> SaveScreenshotAsync(this IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    /// <summary>A screenshot of the window as the reader sees it, scrolled so that <paramref name="target"/> is in the middle.</summary>
    public static async Task<string> SaveScreenshotAroundAsync(this IPage page, ILocator target, string name)
    {
        await target.EvaluateAsync("element => element.scrollIntoView({ block: 'center' })");
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path });
        return path;
    }
}
