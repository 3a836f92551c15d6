using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>Voting in real Chromium: one member's vote reaches the author's open page without a reload.</summary>
public sealed class VotingBrowserTests(ChromiumFixture chromium, LiveBrowserForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<LiveBrowserForum>
{
    static VotingBrowserTests()
    {
        // A vote crosses a server and a second browser; a busy 2-core machine needs more than 5 s now and then.
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task AVoteOnACommentShowsOnItsAuthorsOpenPageWithoutReload()
    {
        var author = await forum.RegisterMemberAsync("Author");
        var voter = await forum.RegisterMemberAsync("Voter");
        var (threadId, url) = await forum.StartThreadAsync(author, "Which keyboard layout do you use?");
        var liked = await forum.PostCommentAsync(author, threadId, "Colemak, after a painful month of switching.");
        var other = await forum.PostCommentAsync(author, threadId, "QWERTY. Muscle memory wins.");
        await forum.PostCommentAsync(author, threadId, "The month was worth it?", liked);

        await using var authorContext = await NewContextAsync();
        await using var voterContext = await NewContextAsync();
        var authorPage = await authorContext.NewPageAsync();
        var voterPage = await voterContext.NewPageAsync();
        await authorPage.SignInAsync(author.Email, author.Password, url);
        await voterPage.SignInAsync(voter.Email, voter.Password, url);
        var authorsView = new ThreadBrowserPage(authorPage);
        var votersView = new ThreadBrowserPage(voterPage);
        await Expect(authorsView.Viewing).ToBeVisibleAsync();

        // Nobody votes on their own comment: the author sees the score alone.
        await Expect(authorsView.Comment(liked).Locator("[data-testid='upvote']")).ToHaveCountAsync(0);
        await Expect(authorsView.Comment(liked).Locator("[data-testid='score']").First).ToHaveTextAsync("0");

        var upvote = votersView.Comment(liked).Locator("[data-testid='upvote']").First;
        await upvote.ClickAsync();
        await Expect(upvote).ToHaveAttributeAsync("aria-pressed", "true");
        await votersView.Comment(other).Locator("[data-testid='downvote']").First.ClickAsync();
        await Expect(votersView.Comment(other).Locator("[data-testid='downvote']").First).ToHaveAttributeAsync("aria-pressed", "true");

        await Expect(authorsView.Comment(liked).Locator("[data-testid='score']").First).ToHaveTextAsync("1");
        await Expect(authorsView.Comment(other).Locator("[data-testid='score']").First).ToHaveTextAsync("-1");

        var box = await upvote.BoundingBoxAsync();
        Assert.True(box is { Width: >= 24, Height: >= 24 }, $"The upvote button is {box?.Width}×{box?.Height} px.");

        await voterPage.SaveScreenshotAsync("votes-thread-desktop");
        await voterPage.SetViewportSizeAsync(390, 844);
        await voterPage.SaveScreenshotAsync("votes-thread-phone");
    }

    private Task<IBrowserContext> NewContextAsync() => chromium.Browser.NewContextAsync(new()
    {
        BaseURL = forum.BaseAddress.ToString(),
        ViewportSize = new() { Width = 1280, Height = 900 },
        ColorScheme = ColorScheme.Light,
    });
}
