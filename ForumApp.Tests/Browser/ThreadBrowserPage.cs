using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>The thread page as a reader uses it in a browser.</summary>
public sealed class ThreadBrowserPage(IPage page)
{
    public IPage Page => page;

    public ILocator Conversations => page.Locator("[data-comment-id][data-depth='0']");

    public ILocator Viewing => page.Locator("[data-testid='viewing']");

    public ILocator Editors => page.Locator("[data-testid='reply-editor']");

    public ILocator MemberNotice => page.Locator("[data-testid='member-notice']");

    public async Task OpenAsync(string url)
    {
        await page.GotoAsync(url);
        await page.WaitForInteractiveAsync();
    }

    public async Task ReloadAsync()
    {
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
    }

    public ILocator Comment(long id) => page.Locator($"#c{id}");

    public ILocator RepliesTo(long parentId) => page.Locator($"[data-comment-id][data-parent-id='{parentId}']");

    public async Task<long> ConversationIdAsync(int index) => await IdOfAsync(Conversations.Nth(index));

    public static async Task<long> IdOfAsync(ILocator comment) =>
        long.Parse((await comment.GetAttributeAsync("data-comment-id"))!, CultureInfo.InvariantCulture);

    /// <summary>Opens the reply editor under a comment and waits until it has focus, i.e. its draft keeper is attached.</summary>
    public async Task<ILocator> OpenReplyEditorAsync(long parentId)
    {
        await Comment(parentId).Locator("[data-testid='reply-button']").ClickAsync();
        var textarea = Comment(parentId).Locator("[data-testid='reply-editor'] textarea");
        await Expect(textarea).ToBeFocusedAsync();
        return textarea;
    }

    public Task SubmitEditorUnderAsync(long commentId) =>
        Comment(commentId).Locator("[data-testid='editor-submit']").ClickAsync();

    /// <summary>Replies under a comment and returns the new reply's id once it shows.</summary>
    public async Task<long> ReplyAsync(long parentId, string text)
    {
        var editor = await OpenReplyEditorAsync(parentId);
        await editor.FillAsync(text);
        await SubmitEditorUnderAsync(parentId);
        var reply = RepliesTo(parentId).Filter(new() { HasText = text });
        await Expect(reply).ToHaveCountAsync(1);
        return await IdOfAsync(reply);
    }

    /// <summary>Writes <paramref name="text"/> in a reply to <paramref name="parentId"/> and waits until the browser keeps it as a draft.</summary>
    public async Task<ILocator> WriteDraftAsync(long memberId, long threadId, long parentId, string text)
    {
        var editor = await OpenReplyEditorAsync(parentId);
        await editor.FillAsync(text);
        await page.WaitForFunctionAsync("key => localStorage.getItem(key) !== null", DraftKey(memberId, threadId, parentId));
        return editor;
    }

    /// <summary>The draft the editor keeps in this browser for <paramref name="memberId"/>'s reply to <paramref name="parentId"/>.</summary>
    public Task<string?> DraftAsync(long memberId, long threadId, long parentId) =>
        page.EvaluateAsync<string?>("key => localStorage.getItem(key)", DraftKey(memberId, threadId, parentId));

    public static string DraftKey(long memberId, long threadId, long parentId) => $"forumapp:draft:u{memberId}:{threadId}:{parentId}";

    /// <summary>Every draft key this browser holds, whoever wrote it.</summary>
    public Task<string[]> DraftKeysAsync() =>
        page.EvaluateAsync<string[]>("() => Object.keys(localStorage).filter(key => key.startsWith('forumapp:draft:'))");

    /// <summary>Resolves once the page has not scrolled for ten frames (a smooth scroll moves at every frame).</summary>
    public Task ScrollSettledAsync() => page.EvaluateAsync(@"() => new Promise(resolve => {
        let last = -1, still = 0;
        const tick = () => {
            if (scrollY === last) { if (++still >= 10) { resolve(); return; } } else { still = 0; last = scrollY; }
            requestAnimationFrame(tick);
        };
        tick();
    })");

    /// <summary>Marks the loaded document, so a test can tell that a change arrived without a reload.</summary>
    public Task MarkDocumentAsync() => page.EvaluateAsync("() => { window.__sameDocument = true; }");

    public Task<bool> IsSameDocumentAsync() => page.EvaluateAsync<bool>("() => window.__sameDocument === true");
}
