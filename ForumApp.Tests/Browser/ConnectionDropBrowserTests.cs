using System.Net;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>
/// The network goes away under a member who is writing (the proxy drops every connection and refuses new
/// ones for a while): the page and keyboard stay usable, a post sent meanwhile says it has not been sent,
/// and once the same circuit is back it is sent exactly once, and what others posted meanwhile shows.
/// </summary>
public sealed class ConnectionDropBrowserTests(ChromiumFixture chromium, LiveBrowserForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<LiveBrowserForum>, IAsyncLifetime
{
    private DelayingProxy _proxy = null!;

    static ConnectionDropBrowserTests()
    {
        // Blazor's reconnection waits a few seconds between attempts.
        SetDefaultExpectTimeout(30_000);
    }

    public Task InitializeAsync()
    {
        _proxy = new DelayingProxy(forum.BaseAddress, TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task APostSentWhileTheConnectionIsDownIsSentOnceWhenItComesBack(int width, int height)
    {
        var member = await forum.RegisterMemberAsync("Dropped");
        var other = await forum.RegisterMemberAsync("Other");
        using var api = new ForumApiClient(forum.BaseAddress);
        var otherSignedIn = await api.LogInAsync(other.Id, other.DisplayName, other.Email, other.Password);
        var (threadId, url) = await forum.StartThreadAsync(other, $"Dropped connection {Guid.NewGuid():N}"[..40]);
        var opening = await api.PostCommentAsync(otherSignedIn, threadId, "Opening words from the other member.");
        var openingId = opening.GetProperty("id").GetInt64();

        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = _proxy.Address.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            ColorScheme = ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        await page.SignInAsync(member.Email, member.Password, url);
        var thread = new ThreadBrowserPage(page);
        var composer = page.Locator("section.comments > [data-testid='reply-editor']");
        var textarea = composer.Locator("textarea");
        var banner = page.Locator("[data-testid='connection-banner']");
        var bannerText = banner.Locator("[data-testid='connection-text']");
        await Expect(banner).ToBeHiddenAsync();
        // The editor's script (which holds a send while the connection is away) is fetched after the page is
        // live; dropping the connection before it arrived would test a page without it.
        await page.WaitForFunctionAsync("() => document.querySelector(\"section.comments > [data-testid='reply-editor'] textarea\")?._forumEditor === true");
        var text = $"Written across a dropped connection {Guid.NewGuid():N}";
        await textarea.ClickAsync();
        await textarea.PressSequentiallyAsync(text[..20]);

        _proxy.Refusing = true;
        _proxy.DropAll();

        await Expect(bannerText).ToHaveTextAsync("Connection lost — reconnecting…");
        await Expect(banner.Locator("[data-testid='connection-reload']")).ToBeHiddenAsync();
        await Expect(banner).ToHaveAttributeAsync("role", "status");

        // The keyboard still reaches the editor: the text is the browser's.
        await textarea.PressSequentiallyAsync(text[20..]);
        await Expect(textarea).ToHaveValueAsync(text);
        await composer.Locator("[data-testid='editor-submit']").ClickAsync();
        await Expect(composer.Locator("[data-testid='editor-pending']")).ToContainTextAsync("Not sent yet");
        await page.SaveScreenshotAsync($"connection-down-not-sent-{width}");

        var othersReply = $"Posted by the other member during the drop {Guid.NewGuid():N}";
        await api.PostCommentAsync(otherSignedIn, threadId, othersReply, openingId);
        Assert.Empty(await StoredBodiesAsync(api, threadId, member, text));

        _proxy.Refusing = false;

        await Expect(bannerText).ToHaveTextAsync("Reconnected");
        await Expect(thread.RepliesTo(openingId).Filter(new() { HasText = othersReply })).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-comment-id]").Filter(new() { HasText = text })).ToHaveCountAsync(1);
        await Expect(composer.Locator("[data-testid='editor-pending']")).ToBeHiddenAsync();
        await Expect(textarea).ToHaveValueAsync("");
        await page.SaveScreenshotAsync($"connection-back-sent-{width}");
        await Expect(banner).ToBeHiddenAsync();

        Assert.Equal([text], await StoredBodiesAsync(api, threadId, member, text));
    }

    /// <summary>The member's comments with this text, as the API stores them.</summary>
    private static async Task<string[]> StoredBodiesAsync(ForumApiClient api, long threadId, BrowserMember member, string text)
    {
        var thread = await api.SendAsync(HttpMethod.Get, $"/api/threads/{threadId}", null, null, HttpStatusCode.OK);
        return thread.GetProperty("comments").EnumerateArray()
            .Where(c => c.GetProperty("author").GetString() == member.DisplayName)
            .Select(c => c.GetProperty("body").GetString() ?? "")
            .Where(body => body == text)
            .ToArray();
    }
}
