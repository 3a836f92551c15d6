using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using ForumApp.Components.Threads;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>
/// A comment that gathers many replies while a reader watches on a phone over a slow line: past the first few, its
/// replies are drawn in runs (<see cref="ReplyRun"/>), and the reader sees every one arrive, in order, straight
/// under it, as one flat run of cards.
/// </summary>
public sealed class ManyRepliesBrowserTests(ChromiumFixture chromium, LiveBrowserForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<LiveBrowserForum>, IAsyncLifetime
{
    private DelayingProxy _proxy = null!;

    static ManyRepliesBrowserTests()
    {
        SetDefaultExpectTimeout(30_000);
    }

    public Task InitializeAsync()
    {
        // 150 ms each way.
        _proxy = new DelayingProxy(forum.BaseAddress, TimeSpan.FromMilliseconds(150));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task EveryLiveReplyToAMuchAnsweredCommentShowsInOrderUnderItAtPhoneWidth()
    {
        var author = await forum.RegisterMemberAsync("Asked");
        var (threadId, url) = await forum.StartThreadAsync(author, $"Much answered {Guid.NewGuid():N}"[..36]);
        var askedId = await forum.PostCommentAsync(author, threadId, "Who has an answer?");
        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = _proxy.Address.ToString(),
            ViewportSize = new() { Width = 390, Height = 844 },
            ColorScheme = ColorScheme.Dark,
        });
        var page = await context.NewPageAsync();
        var thread = new ThreadBrowserPage(page);
        await thread.OpenAsync(url);

        var answerer = await forum.RegisterMemberAsync("Answerer");
        var replies = new List<long>();
        for (var i = 1; i <= 2 * ReplyRun.Size + 3; i++)
        {
            replies.Add(await forum.PostCommentAsync(answerer, threadId, $"Answer number {i}.", askedId));
        }

        await Expect(thread.Comment(replies[^1])).ToBeVisibleAsync();
        var shown = await page.Locator("article[data-comment-id]").EvaluateAllAsync<long[]>("articles => articles.map(a => Number(a.dataset.commentId))");
        Assert.Equal([askedId, .. replies], shown);
        await Expect(thread.RepliesTo(askedId)).ToHaveCountAsync(replies.Count);
        await Expect(thread.Comment(replies[^1])).ToContainTextAsync($"Answer number {replies.Count}.");
        await page.SaveScreenshotAroundAsync(thread.Comment(replies[^1]), "many-replies-390-dark");

        var audit = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
            ResultTypes = [ResultType.Violations],
        });
        Assert.Empty(audit.Violations.SelectMany(v => v.Nodes.Select(node => $"{v.Id} at {node.Target}")));
    }
}
