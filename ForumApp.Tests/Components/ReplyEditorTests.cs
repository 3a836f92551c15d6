using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Threads;
using ForumApp.Features.Comments;
using ForumApp.Features.Threads;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Components;

public sealed class ReplyEditorTests : IAsyncLifetime
{
    private const string EditorModule = "./Components/Threads/ReplyEditor.razor.js";

    private TestForum _forum = null!;
    private BunitContext _context = null!;
    private BunitAuthorizationContext _authorization = null!;
    private BunitJSModuleInterop _drafts = null!;
    private TestMember _member = null!;
    private NewThread _thread = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync(new TestClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));
        _context = BunitSetup.CreateContext(_forum, out _authorization);
        _drafts = _context.JSInterop.SetupModule(EditorModule);
        _member = await _forum.AddMemberAsync();
        _thread = await _forum.StartThreadAsync(await _forum.AddMemberAsync());
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task TheCounterOfAnEditCountsCharactersNotUtf16Units()
    {
        _authorization.SignIn(_member);
        var own = await _forum.PostAsync(_member, _thread.Id, "👍👍👍");

        // Three emoji: six UTF-16 code units, three characters. Typed text is counted in the browser.
        var editor = _context.Render<ReplyEditor>(parameters => parameters.Add(p => p.ThreadId, _thread.Id).Add(p => p.Editing, own));

        Assert.Equal("3 / 10,000", Counter(editor).TextContent.Trim());
        Assert.DoesNotContain("over", Counter(editor).ClassList);
        Assert.Equal("👍👍👍", editor.Find("textarea").GetAttribute("value"));
    }

    [Fact]
    public void TheServerNeverWritesTheTextareaAfterTheFirstRender()
    {
        _authorization.SignIn(_member);
        var editor = RenderEditor();
        var textarea = editor.Find("textarea");
        Assert.False(textarea.HasAttribute("value") && textarea.GetAttribute("value") != "");

        Type("Typed in the browser");
        editor.FindAll("[role='tab']").Single(tab => tab.TextContent.Trim() == "Preview").Click();
        editor.FindAll("[role='tab']").Single(tab => tab.TextContent.Trim() == "Write").Click();

        // No input handler round-trips the text, and a re-render does not put a value in.
        Assert.DoesNotContain(editor.Find("textarea").Attributes, a => a.Name.StartsWith("blazor:oninput", StringComparison.Ordinal));
        Assert.NotEqual("Typed in the browser", editor.Find("textarea").GetAttribute("value"));
    }

    [Fact]
    public async Task AnEmptyCommentIsNotSentAndTheEditorSaysWhy()
    {
        _authorization.SignIn(_member);
        var editor = RenderEditor();

        editor.Find("[data-testid='editor-submit']").Click();

        editor.WaitForAssertion(() => Assert.Equal(
            "The comment is empty. Write something before posting.",
            editor.Find("[data-testid='editor-error']").TextContent.Trim()));
        Assert.Equal("true", editor.Find("textarea").GetAttribute("aria-invalid"));
        Assert.Equal(0, await StoredCommentCountAsync());
    }

    [Fact]
    public async Task InvisibleCharactersAloneAreEmptyAndStayInTheEditor()
    {
        _authorization.SignIn(_member);
        var editor = RenderEditor();
        const string invisible = "\u200B\u200D\uFEFF\u2060";

        Type(invisible);
        editor.Find("[data-testid='editor-submit']").Click();

        editor.WaitForAssertion(() => Assert.Contains("The comment is empty", editor.Find("[data-testid='editor-error']").TextContent, StringComparison.Ordinal));
        Assert.False(ClearedFromTheBrowser(invisible));
        Assert.Equal(0, await StoredCommentCountAsync());
    }

    [Fact]
    public async Task AnOverLongPasteIsRefusedWithItsLengthAndKeptInTheEditor()
    {
        _authorization.SignIn(_member);
        var editor = RenderEditor();
        var pasted = new string('a', 10_001);

        // A paste or a script can put more into the textarea than its maxlength lets a person type.
        // (The browser's counter shows it over the limit; SlowNetworkEditorTests checks the counter.)
        Type(pasted);

        editor.Find("[data-testid='editor-submit']").Click();

        editor.WaitForAssertion(() => Assert.Equal(
            "The comment is 10,001 characters long; the limit is 10,000.",
            editor.Find("[data-testid='editor-error']").TextContent.Trim()));
        Assert.False(ClearedFromTheBrowser(pasted));
        Assert.Equal(0, await StoredCommentCountAsync());
    }

    [Fact]
    public void ThePreviewShowsFormattedTextAndNothingThatRuns()
    {
        _authorization.SignIn(_member);
        var editor = RenderEditor();
        const string text = "**bold** <script>alert('x')</script> [bad](javascript:alert(1)) [good](https://example.com)";

        Type(text);
        editor.FindAll("[role='tab']").Single(tab => tab.TextContent.Trim() == "Preview").Click();
        editor.WaitForAssertion(() => Assert.Contains("hidden", editor.Find("textarea").ClassList));

        var preview = editor.Find("[data-testid='editor-preview']");
        Assert.Equal("bold", preview.QuerySelector("strong")?.TextContent);
        Assert.Empty(preview.QuerySelectorAll("script"));
        Assert.Contains("<script>", preview.TextContent, StringComparison.Ordinal);
        Assert.All(preview.QuerySelectorAll("a"), link =>
            Assert.DoesNotContain("javascript", link.GetAttribute("href") ?? "", StringComparison.OrdinalIgnoreCase));
        var good = Assert.Single(preview.QuerySelectorAll("a[href='https://example.com']"));
        Assert.Contains("nofollow", good.GetAttribute("rel"), StringComparison.Ordinal);

        // The text is still there to go back to: the textarea stayed in the page, and nothing cleared it.
        editor.FindAll("[role='tab']").Single(tab => tab.TextContent.Trim() == "Write").Click();
        Assert.Empty(editor.FindAll("[data-testid='editor-preview']"));
        Assert.DoesNotContain("hidden", editor.Find("textarea").ClassList);
        Assert.False(ClearedFromTheBrowser(text));
    }

    [Fact]
    public void TheTabsTellAssistiveTechnologyWhichOneIsSelected()
    {
        _authorization.SignIn(_member);
        var editor = RenderEditor();
        IElement Tab(string name) => editor.FindAll("[role='tab']").Single(tab => tab.TextContent.Trim() == name);
        Assert.Equal(("true", "false"), (Tab("Write").GetAttribute("aria-selected"), Tab("Preview").GetAttribute("aria-selected")));

        Tab("Preview").Click();

        Assert.Equal(("false", "true"), (Tab("Write").GetAttribute("aria-selected"), Tab("Preview").GetAttribute("aria-selected")));
    }

    [Fact]
    public async Task ASignedOutReaderIsOfferedToSignInAndComeBackWithTheTextKept()
    {
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo($"/t/{_thread.Id}/{_thread.Slug}");
        var editor = RenderEditor();

        Type("Worth saying");
        editor.Find("[data-testid='editor-submit']").Click();

        var signIn = editor.WaitForElement("[data-testid='sign-in-link']");
        Assert.Equal($"/account/login?ReturnUrl=%2Ft%2F{_thread.Id}%2F{_thread.Slug}", signIn.GetAttribute("href"));
        Assert.False(ClearedFromTheBrowser("Worth saying"));
        Assert.Equal(0, await StoredCommentCountAsync());
    }

    [Fact]
    public async Task APostedReplyEmptiesTheEditorAndForgetsItsDraft()
    {
        _authorization.SignIn(_member);
        var parent = await _forum.PostAsync(await _forum.AddMemberAsync(), _thread.Id, "Anyone?");
        PostedComment? posted = null;
        var editor = RenderEditor(parent.Id, onPosted: comment => posted = comment);
        var draftKey = $"u{_member.Id}:{_thread.Id}:{parent.Id}";

        // The draft keeper is attached to the textarea under this reply's own key.
        editor.WaitForAssertion(() => Assert.Contains(_drafts.Invocations["attach"], call => Equals(call.Arguments[1], draftKey)));

        Type("Here!");
        editor.Find("[data-testid='editor-submit']").Click();

        editor.WaitForAssertion(() => Assert.NotNull(posted));
        Assert.Equal((parent.Id, "Here!", _member.DisplayName), (posted!.Comment.ParentId, posted.Comment.Body, posted.Comment.Author));
        Assert.True(ClearedFromTheBrowser("Here!"));
        Assert.Contains(_drafts.Invocations["clear"], call => Equals(call.Arguments[0], draftKey));
        Assert.Empty(editor.FindAll("[data-testid='editor-error']"));
        Assert.Equal(2, await StoredCommentCountAsync());
    }

    [Fact]
    public async Task AMemberIsOfferedNamesToMentionTheThreadsCommentersFirstAndWrittenSoTheyLink()
    {
        var asker = await _forum.AddMemberAsync("Mira Asker");
        var commenter = await _forum.AddMemberAsync("Mira Zed");
        await _forum.AddMemberAsync("Mira Abel");
        await _forum.PostAsync(commenter, _thread.Id, "Here before you.");
        _authorization.SignIn(asker);
        var editor = RenderEditor();
        editor.WaitForAssertion(() => Assert.Contains(_drafts.Invocations["init"], call => Equals(call.Arguments[4], true)));

        var offered = await editor.InvokeAsync(() => editor.Instance.SuggestMentions("mira"));

        Assert.Equal(
            [new ReplyEditor.MentionOption("Mira Zed", "MiraZed"), new ReplyEditor.MentionOption("Mira Abel", "MiraAbel")],
            offered);

        // The browser waits for a pause in typing; a page asking again at once (the clock stands still) gets nothing.
        Assert.Empty(await editor.InvokeAsync(() => editor.Instance.SuggestMentions("mira")));
    }

    [Fact]
    public async Task ASignedOutReaderGetsNoMentionList()
    {
        await _forum.AddMemberAsync("Mira Abel");
        var editor = RenderEditor();
        editor.WaitForAssertion(() => Assert.Contains(_drafts.Invocations["init"], call => Equals(call.Arguments[4], false)));

        Assert.Empty(await editor.InvokeAsync(() => editor.Instance.SuggestMentions("mira")));
    }

    private IRenderedComponent<ReplyEditor> RenderEditor(long? parentId = null, Action<PostedComment>? onPosted = null) =>
        _context.Render<ReplyEditor>(parameters =>
        {
            parameters.Add(p => p.ThreadId, _thread.Id).Add(p => p.ParentId, parentId);
            if (onPosted is not null)
            {
                parameters.Add(p => p.OnPosted, onPosted);
            }
        });

    private static IElement Counter(IRenderedComponent<ReplyEditor> editor) => editor.Find("[data-testid='editor-counter']");

    /// <summary>What the reader typed: the text lives in the browser, and the editor asks the module for it.</summary>
    private void Type(string text) => _drafts.Setup<string>("getText", _ => true).SetResult(text);

    /// <summary>Whether the module was told to clear <paramref name="text"/> from the textarea (a successful post).</summary>
    private bool ClearedFromTheBrowser(string text) =>
        _drafts.Invocations["clearSent"].Any(call => Equals(call.Arguments[1], text));

    private async Task<int> StoredCommentCountAsync()
    {
        await using var db = await _forum.DbFactory.CreateDbContextAsync();
        return await db.Comments.CountAsync(c => c.ThreadId == _thread.Id);
    }
}
