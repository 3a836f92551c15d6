using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>The "@" autocomplete in real Chromium: typed, chosen from the keyboard, posted, and rendered as a link.</summary>
public sealed class MentionBrowserTests(ChromiumFixture chromium, LiveBrowserForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<LiveBrowserForum>
{
    static MentionBrowserTests()
    {
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task AMemberPicksTheThreadsCommenterFromTheListAndTheReplyLinksToTheirProfile()
    {
        var writer = await forum.RegisterMemberAsync("Writer");
        var commenter = await forum.RegisterMemberAsync("MentionB");
        var bystander = await forum.RegisterMemberAsync("MentionA");
        var (threadId, threadUrl) = await forum.StartThreadAsync(writer, "Who should we ask?");
        var commentId = await forum.PostCommentAsync(commenter, threadId, "I know the answer.");

        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = forum.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1280, Height = 900 },
            ColorScheme = ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        await page.SignInAsync(writer.Email, writer.Password, threadUrl);
        var thread = new ThreadBrowserPage(page);
        var editor = await thread.OpenReplyEditorAsync(commentId);
        var list = thread.Comment(commentId).Locator("[data-testid='mention-list']");
        var options = list.GetByRole(AriaRole.Option);

        await editor.PressSequentiallyAsync("Thanks @menti");

        // The one who commented here comes first, though the other sorts before them.
        await Expect(options).ToHaveTextAsync([commenter.DisplayName, bystander.DisplayName]);
        await Expect(thread.Comment(commentId).Locator("[data-testid='mention-status']")).ToContainTextAsync("2 members to mention");
        await Expect(options.First).ToHaveAttributeAsync("aria-selected", "true");
        await page.SaveScreenshotAroundAsync(list, "mention-list-1280-light");
        await editor.PressAsync("ArrowDown");
        await Expect(options.Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(editor).ToHaveAttributeAsync("aria-activedescendant", (await options.Nth(1).GetAttributeAsync("id"))!);
        await editor.PressAsync("ArrowUp");
        await Expect(options.First).ToHaveAttributeAsync("aria-selected", "true");
        await editor.PressAsync("Enter");

        var mention = "@" + commenter.DisplayName.Replace(" ", "", StringComparison.Ordinal);
        await Expect(editor).ToHaveValueAsync($"Thanks {mention} ");
        await Expect(list).ToBeHiddenAsync();
        await Expect(editor).Not.ToHaveAttributeAsync("aria-activedescendant", new Regex("."));

        // Esc closes the list only: the editor stays open with every word typed.
        await page.ChooseThemeAsync("dark");
        await page.SetViewportSizeAsync(390, 844);
        await editor.FocusAsync();
        await editor.PressSequentiallyAsync("and @mention");
        await Expect(options).ToHaveCountAsync(2);
        await page.SaveScreenshotAroundAsync(list, "mention-list-390-dark");
        await editor.PressAsync("Escape");
        await Expect(list).ToBeHiddenAsync();
        await Expect(editor).ToHaveValueAsync($"Thanks {mention} and @mention");
        await editor.PressSequentiallyAsync(" A");

        await thread.SubmitEditorUnderAsync(commentId);

        var reply = thread.RepliesTo(commentId).Filter(new() { HasText = "Thanks" });
        var link = reply.Locator("a.mention");
        await Expect(link).ToHaveTextAsync(mention);
        await Expect(link).ToHaveAttributeAsync("href", "/u/" + Uri.EscapeDataString(commenter.DisplayName));
    }
}
