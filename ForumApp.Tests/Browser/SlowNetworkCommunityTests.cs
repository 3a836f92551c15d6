using System.Net;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>
/// The community's controls on a phone through a proxy that makes every message wait 200 ms each way: a vote
/// holds and is stored once, the bell counts up live, and the search box keeps every keystroke.
/// </summary>
public sealed class SlowNetworkCommunityTests(ChromiumFixture chromium, LiveBrowserForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<LiveBrowserForum>, IAsyncLifetime
{
    private static readonly TimeSpan OneWay = TimeSpan.FromMilliseconds(200);
    private DelayingProxy _proxy = null!;

    static SlowNetworkCommunityTests()
    {
        // Every step crosses the slow proxy on a busy 2-core machine.
        SetDefaultExpectTimeout(30_000);
    }

    public Task InitializeAsync()
    {
        _proxy = new DelayingProxy(forum.BaseAddress, TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task OnASlowPhoneAVoteHoldsTheBellCountsUpAndSearchKeepsEveryKeystroke()
    {
        var ann = await forum.RegisterMemberAsync("Ann");
        var bob = await forum.RegisterMemberAsync("Bob");
        var word = $"Slowword{Guid.NewGuid():N}"[..16];
        var (threadId, threadUrl) = await forum.StartThreadAsync(bob, $"Votes on a slow line {word}");
        var annsComment = await forum.PostCommentAsync(ann, threadId, "Tell me when someone answers.");
        var bobsComment = await forum.PostCommentAsync(bob, threadId, "A comment worth a vote.");

        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = _proxy.Address.ToString(),
            ViewportSize = new() { Width = 390, Height = 844 },
            ColorScheme = ColorScheme.Dark,
        });
        var page = await context.NewPageAsync();
        await page.SignInAsync(ann.Email, ann.Password, "/");
        _proxy.Delay = OneWay;
        var thread = new ThreadBrowserPage(page);
        await thread.OpenAsync(threadUrl);
        await thread.MarkDocumentAsync();

        // A vote: pressed and counted on the page, then stored once.
        var upvote = thread.Comment(bobsComment).Locator("[data-testid='upvote']").First;
        await upvote.ClickAsync();
        await Expect(upvote).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(thread.Comment(bobsComment).Locator("[data-testid='score']").First).ToHaveTextAsync("1");
        await Eventually.True(async () => await StoredScoreAsync(threadId, bobsComment) == 1, "the vote is stored");

        // A reply from elsewhere: the bell counts up through the slow line, without a reload.
        var count = page.Locator("[data-testid='bell-count']");
        await Expect(count).ToHaveTextAsync("0");
        var replyId = await forum.PostCommentAsync(bob, threadId, "An answer that crosses a slow line.", annsComment);
        await Expect(count).ToHaveTextAsync("1");
        await Expect(thread.Comment(replyId)).ToBeVisibleAsync();
        Assert.True(await thread.IsSameDocumentAsync(), "the bell and the reply arrived without a reload");
        await page.SaveScreenshotAsync("slow-network-community-390");

        // Search typed quickly on a slow line: every keystroke stays in the box, and the results find the thread.
        await page.GetByTestId("search-open").ClickAsync();
        var box = page.GetByTestId("search-input");
        await Expect(box).ToBeFocusedAsync();
        await box.PressSequentiallyAsync($"slow line {word}", new() { Delay = 20 });
        await Expect(box).ToHaveValueAsync($"slow line {word}");
        await box.PressAsync("Enter");
        await Expect(page.Locator("li.result[data-kind='thread']")).ToHaveCountAsync(1);
        await Expect(page.Locator("li.result[data-kind='thread'] .result-title")).ToContainTextAsync(word);
    }

    private async Task<int> StoredScoreAsync(long threadId, long commentId)
    {
        using var api = new ForumApiClient(forum.BaseAddress);
        var thread = await api.SendAsync(HttpMethod.Get, $"/api/threads/{threadId}", null, null, HttpStatusCode.OK);
        return thread.GetProperty("comments").EnumerateArray()
            .Single(c => c.GetProperty("id").GetInt64() == commentId)
            .GetProperty("score").GetInt32();
    }
}
