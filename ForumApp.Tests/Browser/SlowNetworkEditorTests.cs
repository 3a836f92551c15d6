using System.Net;
using System.Text.Json;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>
/// The reply editor through a proxy that makes every message between browser and app wait: typing is
/// the browser's alone, so every keystroke arrives, in order, however slow the round trip.
/// </summary>
public sealed class SlowNetworkEditorTests(ChromiumFixture chromium, LiveBrowserForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<LiveBrowserForum>, IAsyncLifetime
{
    private const string Sentence = "The quick brown fox jumps over the lazy dog, then the fox sleeps.";

    // 200 ms each way: a 400 ms round trip.
    private static readonly TimeSpan OneWay = TimeSpan.FromMilliseconds(200);
    private readonly List<IBrowserContext> _contexts = [];
    private DelayingProxy _proxy = null!;

    static SlowNetworkEditorTests()
    {
        // Every step crosses the slow proxy on a busy 2-core machine.
        SetDefaultExpectTimeout(30_000);
    }

    public Task InitializeAsync()
    {
        _proxy = new DelayingProxy(forum.BaseAddress, TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        await _proxy.DisposeAsync();
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task EveryCharacterTypedAtA400MsRoundTripArrivesInOrder(int width, int height)
    {
        var (member, thread, parentId) = await SignInAndOpenReplyAsync(width, height, conversation: 1);
        var editor = await thread.OpenReplyEditorAsync(parentId);

        await editor.PressSequentiallyAsync(Sentence, new() { Delay = 20 });

        await Expect(editor).ToHaveValueAsync(Sentence);
        await Expect(thread.Comment(parentId).Locator("[data-testid='editor-counter']")).ToHaveTextAsync($"{Sentence.Length} / 10,000");
        await thread.SubmitEditorUnderAsync(parentId);

        await Expect(OwnReplies(thread, member, parentId).Filter(new() { HasText = Sentence })).ToHaveCountAsync(1);
        Assert.Equal([Sentence], await StoredRepliesAsync(member, parentId));
        await thread.Page.SaveScreenshotAroundAsync(thread.RepliesTo(parentId).Last, $"slow-network-typed-{width}");
    }

    [Fact]
    public async Task APasteAndItsUndoStayTheReadersAndCtrlEnterSends()
    {
        var (member, thread, parentId) = await SignInAndOpenReplyAsync(1280, 900, conversation: 2);
        var editor = await thread.OpenReplyEditorAsync(parentId);
        var counter = thread.Comment(parentId).Locator("[data-testid='editor-counter']");

        await editor.PressSequentiallyAsync("Pasting ", new() { Delay = 20 });
        await thread.Page.EvaluateAsync("text => navigator.clipboard.writeText(text)", "👍👍👍");
        await editor.PressAsync("ControlOrMeta+V");
        await Expect(editor).ToHaveValueAsync("Pasting 👍👍👍");

        // Three emoji are six UTF-16 units but three characters.
        await Expect(counter).ToHaveTextAsync("11 / 10,000");

        await editor.PressAsync("ControlOrMeta+Z");
        await Expect(editor).ToHaveValueAsync("Pasting ");
        await editor.PressSequentiallyAsync("undone", new() { Delay = 20 });
        await Expect(editor).ToHaveValueAsync("Pasting undone");
        await Expect(counter).ToHaveTextAsync("14 / 10,000");

        await editor.PressAsync("ControlOrMeta+Enter");

        await Expect(OwnReplies(thread, member, parentId).Filter(new() { HasText = "Pasting undone" })).ToHaveCountAsync(1);
        Assert.Equal(["Pasting undone"], await StoredRepliesAsync(member, parentId));
    }

    [Fact]
    public async Task ADoubleClickOnSendStoresOneComment()
    {
        var (member, thread, parentId) = await SignInAndOpenReplyAsync(1280, 900, conversation: 3);
        var editor = await thread.OpenReplyEditorAsync(parentId);
        var text = $"Sent once {Guid.NewGuid():N}";
        await editor.FillAsync(text);
        var send = thread.Comment(parentId).Locator("[data-testid='editor-submit']");

        await send.DblClickAsync();

        await Expect(send).ToBeDisabledAsync();
        await Expect(send).ToHaveTextAsync("Sending…");
        await Expect(OwnReplies(thread, member, parentId).Filter(new() { HasText = text })).ToHaveCountAsync(1);
        await Expect(thread.Comment(parentId).Locator("[data-testid='editor-error']")).ToHaveCountAsync(0);
        Assert.Equal([text], await StoredRepliesAsync(member, parentId));
    }

    [Fact]
    public async Task EscapeClosesAReplyEditorAndKeepsItsDraft()
    {
        var (member, thread, parentId) = await SignInAndOpenReplyAsync(1280, 900, conversation: 4);
        var editor = await thread.OpenReplyEditorAsync(parentId);
        await editor.PressSequentiallyAsync("Not yet", new() { Delay = 20 });

        await editor.PressAsync("Escape");

        await Expect(thread.Comment(parentId).Locator("[data-testid='reply-editor']")).ToHaveCountAsync(0);
        var draft = await thread.DraftAsync(member.Id, forum.SeedThreadId, parentId);
        Assert.Equal("Not yet", JsonDocument.Parse(draft!).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task SigningOutTheMomentTheMenuOpensClearsTheDraftAtPhoneWidth()
    {
        // The sign-out button is pressed as soon as the menu shows it, a round trip before any script of the menu's
        // own could have been set up: the drafts go all the same.
        var (member, thread, parentId) = await SignInAndOpenReplyAsync(390, 844, conversation: 3);
        var editor = await thread.OpenReplyEditorAsync(parentId);
        await editor.PressSequentiallyAsync("Not for the next person here", new() { Delay = 20 });
        await thread.Page.WaitForFunctionAsync("key => localStorage.getItem(key) !== null", ThreadBrowserPage.DraftKey(member.Id, forum.SeedThreadId, parentId));

        await thread.Page.SignOutAsync();

        Assert.Empty(await thread.DraftKeysAsync());
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task AReplyEditorOpenedOnArrivalStaysInSightAtA400MsRoundTrip(int width, int height)
    {
        // Every request of the page (its scripts among them) crosses the slow proxy, so the editor's focus, the
        // page's scroll to the linked comment and the circuit's first render come in whatever order the network gives.
        var (_, thread, _) = await SignInAndOpenReplyAsync(width, height, conversation: 1);
        var commentId = await thread.ConversationIdAsync(5);

        await thread.Page.GotoAsync($"{forum.SeedThreadUrl}?reply={commentId}#c{commentId}");

        var editor = thread.Comment(commentId).Locator("[data-testid='reply-editor'] textarea");
        await Expect(editor).ToBeFocusedAsync();
        await Expect(thread.Comment(commentId)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("landed"));
        await thread.ScrollSettledAsync();
        // All of it, its buttons too: the reader came to write and send it.
        await Expect(thread.Comment(commentId).Locator("[data-testid='reply-editor']")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(editor).ToBeFocusedAsync();
        Directory.CreateDirectory(ForumBrowserPages.ScreenshotFolder);
        await thread.Page.ScreenshotAsync(new() { Path = Path.Combine(ForumBrowserPages.ScreenshotFolder, $"slow-network-reply-on-arrival-{width}.png") });
    }

    [Fact]
    public async Task FoldingAndShowingAConversationAgainKeepsTheTogglesFocusAndTheOpenEditorsDraft()
    {
        var (member, thread, parentId) = await SignInAndOpenReplyAsync(390, 844, conversation: 6);
        var replyId = await thread.ReplyAsync(parentId, $"A reply to fold {Guid.NewGuid():N}");
        const string draft = "Still mine after the fold";
        await thread.WriteDraftAsync(member.Id, forum.SeedThreadId, replyId, draft);
        var toggle = thread.Comment(parentId).Locator("[data-testid='collapse-toggle']");

        // By keyboard, as someone who cannot point does it: the toggle keeps focus through both round trips.
        await toggle.FocusAsync();
        await toggle.PressAsync("Enter");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(thread.Comment(replyId)).ToHaveCountAsync(0);
        await toggle.PressAsync("Enter");

        // The editor under the reply is made anew, its draft given back and its keeper attached...
        var editor = thread.Comment(replyId).Locator("[data-testid='reply-editor'] textarea");
        await Expect(editor).ToHaveValueAsync(draft);
        await thread.Page.WaitForFunctionAsync("id => document.querySelector(`#c${id} [data-testid='reply-editor'] textarea`)?._forumDraftSave !== undefined", replyId);
        // ...and an editor that takes the caret asks for it one round trip (400 ms here) after that: give it three.
        await thread.Page.WaitForTimeoutAsync(1_200);

        await Expect(toggle).ToBeFocusedAsync();
        await Expect(toggle).ToBeInViewportAsync();
        await Expect(editor).Not.ToBeFocusedAsync();
        await thread.Page.SaveScreenshotAroundAsync(thread.Comment(parentId), "slow-network-fold-with-editor-390");
    }

    [Fact]
    public async Task AMemberAnswersTheReplyTheyJustSentOnTheSamePageAtPhoneWidth()
    {
        // A reply sent from a comment's editor closes that editor while its send is still finishing: the page must
        // go on working for the next one, without a reload.
        var (member, thread, parentId) = await SignInAndOpenReplyAsync(390, 844, conversation: 7);
        var first = $"First, on the comment {Guid.NewGuid():N}";
        var replyId = await thread.ReplyAsync(parentId, first);

        var second = $"Then, on my own reply {Guid.NewGuid():N}";
        var followUpId = await thread.ReplyAsync(replyId, second);

        await Expect(thread.Comment(followUpId)).ToHaveAttributeAsync("data-depth", "2");
        await Expect(thread.Page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        Assert.Equal([first], await StoredRepliesAsync(member, parentId));
        Assert.Equal([second], await StoredRepliesAsync(member, replyId));
        await thread.Page.SaveScreenshotAroundAsync(thread.Comment(followUpId), "slow-network-answer-own-reply-390");
    }

    /// <summary>Signs a new member in without delay, then slows the network and opens the seed thread through it.</summary>
    private async Task<(BrowserMember Member, ThreadBrowserPage Thread, long ParentId)> SignInAndOpenReplyAsync(int width, int height, int conversation)
    {
        var member = await forum.RegisterMemberAsync("Slow");
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = _proxy.Address.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            ColorScheme = ColorScheme.Light,
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.SignInAsync(member.Email, member.Password, "/");

        _proxy.Delay = OneWay;
        var thread = new ThreadBrowserPage(page);
        await thread.OpenAsync(forum.SeedThreadUrl);
        return (member, thread, await thread.ConversationIdAsync(conversation));
    }

    /// <summary>The replies to <paramref name="parentId"/> that <paramref name="member"/> wrote (tests share the seed thread).</summary>
    private static ILocator OwnReplies(ThreadBrowserPage thread, BrowserMember member, long parentId) =>
        thread.RepliesTo(parentId).Filter(new() { Has = thread.Page.Locator(".author", new() { HasText = member.DisplayName }) });

    /// <summary>The bodies of <paramref name="member"/>'s replies to <paramref name="parentId"/>, as the API stores them.</summary>
    private async Task<string[]> StoredRepliesAsync(BrowserMember member, long parentId)
    {
        using var api = new ForumApiClient(forum.BaseAddress);
        var thread = await api.SendAsync(HttpMethod.Get, $"/api/threads/{forum.SeedThreadId}", null, null, HttpStatusCode.OK);
        return thread.GetProperty("comments").EnumerateArray()
            .Where(c => c.GetProperty("author").GetString() == member.DisplayName
                && c.GetProperty("parentId").ValueKind == JsonValueKind.Number
                && c.GetProperty("parentId").GetInt64() == parentId)
            .Select(c => c.GetProperty("body").GetString() ?? "")
            .ToArray();
    }
}
