using Bunit;
using ForumApp.Features.Moderation;

namespace ForumApp.Tests.Components;

/// <summary>What the thread page offers for writing when the thread is locked, the reader suspended or signed out.</summary>
public sealed class ThreadPageWritingStateTests : ThreadPageLiveTest
{
    private const string EditorModule = "./Components/Threads/ReplyEditor.razor.js";

    [Fact]
    public async Task ALockWhileWritingKeepsTheEditorReadOnlyWithTheNoticeBesideItAndAnUnlockGivesItBack()
    {
        var moderator = await Forum.AddModeratorAsync();
        Authorization.SignIn(Reader);
        var page = RenderLive(Forum.SeedThreadId);
        var parent = await SeedConversationAsync(0);
        page.Find($"#c{parent.Id} [data-testid='reply-button']").Click();
        page.WaitForElement($"#c{parent.Id} [data-testid='reply-editor'] textarea");
        Assert.False(page.Find($"#c{parent.Id} textarea").HasAttribute("readonly"));

        TestForum.Succeeded(await Forum.ThreadModeration.LockThreadAsync(moderator.Principal, Forum.SeedThreadId, "Cooling off"));

        page.WaitForAssertion(() => Assert.True(page.Find($"#c{parent.Id} [data-testid='reply-editor'] textarea").HasAttribute("readonly")));
        Assert.Contains("locked", page.Find($"#c{parent.Id} [data-testid='reply-editor'] [data-testid='editor-locked']").TextContent, StringComparison.Ordinal);
        Assert.True(page.Find($"#c{parent.Id} [data-testid='editor-submit']").HasAttribute("disabled"));
        Assert.NotNull(page.Find("[data-testid='locked-banner']"));
        Assert.Empty(page.FindAll("[data-testid='reply-button']"));

        // The text is the browser's: nothing told it to drop the draft.
        Assert.DoesNotContain(Context.JSInterop.Invocations, i => i.Identifier is "clear" or "clearSent" or "clearAll");

        TestForum.Succeeded(await Forum.ThreadModeration.UnlockThreadAsync(moderator.Principal, Forum.SeedThreadId));

        page.WaitForAssertion(() => Assert.False(page.Find($"#c{parent.Id} [data-testid='reply-editor'] textarea").HasAttribute("readonly")));
        Assert.Empty(page.FindAll("[data-testid='editor-locked']"));
        Assert.False(page.Find($"#c{parent.Id} [data-testid='editor-submit']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ASuspendedMemberIsToldTheEndAndTheReasonWhereEditorsWouldBeAlsoAfterAReload()
    {
        var moderator = await Forum.AddModeratorAsync();
        Authorization.SignIn(Reader);
        var open = RenderLive(Forum.SeedThreadId);
        Assert.NotEmpty(open.FindAll("[data-testid='reply-editor']"));
        const string expected = "You are suspended until 12 Dec 2026: spam links. You can read but not post.";

        TestForum.Succeeded(await Forum.MemberModeration.SuspendAsync(
            moderator.Principal, Reader.Id, new DateTime(2026, 12, 12, 18, 0, 0, DateTimeKind.Utc), "spam links", "none", null));

        open.WaitForAssertion(() => Assert.Equal(expected, open.Find("[data-testid='member-notice']").TextContent.Trim()));
        Assert.Equal(expected, open.Find("[data-testid='suspended-notice']").TextContent.Trim());
        Assert.Empty(open.FindAll("[data-testid='reply-editor']"));

        var reloaded = RenderLive(Forum.SeedThreadId);

        Assert.Equal(expected, reloaded.Find("[data-testid='member-notice']").TextContent.Trim());
        Assert.Equal(expected, reloaded.Find("[data-testid='suspended-notice']").TextContent.Trim());
        Assert.Empty(reloaded.FindAll("[data-testid='reply-editor']"));
        Assert.Empty(reloaded.FindAll("[data-testid='reply-button']"));
    }

    [Fact]
    public async Task ASignedOutReaderIsOfferedSignInLinksThatComeBackToTheCommentAndNoEditor()
    {
        var page = RenderLive(Forum.SeedThreadId);
        var comment = await SeedConversationAsync(1);

        Assert.Empty(page.FindAll("[data-testid='reply-editor']"));
        Assert.Empty(page.FindAll("[data-testid='reply-button']"));
        Assert.NotNull(page.Find("section.comments > .write-instead [data-testid='sign-in-to-reply']"));
        var link = page.Find($"#c{comment.Id} [data-testid='sign-in-to-reply']");
        Assert.Equal("Sign in to reply", link.TextContent.Trim());
        var returnUrl = $"/t/{Forum.SeedThreadId}?reply={comment.Id}#c{comment.Id}";
        Assert.Equal($"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", link.GetAttribute("href"));
        Assert.DoesNotContain(Context.JSInterop.Invocations, i => i.Arguments.Any(a => a as string == EditorModule));
    }
}
