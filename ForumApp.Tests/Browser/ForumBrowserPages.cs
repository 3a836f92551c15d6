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

    public static async Task<string> SaveScreenshotAsync(this IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }
}
