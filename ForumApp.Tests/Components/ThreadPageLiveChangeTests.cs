using Bunit;
using ForumApp.Components.Pages;
using ForumApp.Data;
using ForumApp.Features.Comments;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace ForumApp.Tests.Components;

/// <summary>Edits, removals, locks and suspensions reach the open page and change what the reader sees and may do.</summary>
public sealed class ThreadPageLiveChangeTests : ThreadPageLiveTest
{
    [Fact]
    public async Task AnEditShowsTheNewWordsAndTheEditedMarker()
    {
        var comment = await Forum.PostAsync(Writer, Forum.SeedThreadId, "First thoughts");
        var page = RenderLive(Forum.SeedThreadId);
        Assert.Empty(page.Find($"#c{comment.Id}").QuerySelectorAll("[data-testid='edited-marker']"));

        Clock.Advance(TimeSpan.FromMinutes(1));
        TestForum.Succeeded(await Forum.Comments.EditAsync(Writer.Principal, Forum.SeedThreadId, comment.Id, "Second thoughts"));

        page.WaitForAssertion(() => Assert.Equal("edited", page.Find($"#c{comment.Id} [data-testid='edited-marker']").TextContent.Trim()));
        Assert.Equal("Second thoughts", page.Find($"#c{comment.Id} .comment-text").TextContent.Trim());
    }

    [Fact]
    public async Task AModeratorsRemovalShowsATombstoneAndKeepsTheReplies()
    {
        var moderator = await Forum.AddModeratorAsync();
        var page = RenderLive(Forum.SeedThreadId);
        var removed = await SeedConversationAsync(2);
        var replies = page.FindAll($"[data-comment-id][data-parent-id='{removed.Id}']").Select(r => (r.Id, r.QuerySelector(".comment-text")!.TextContent)).ToList();
        Assert.Equal(3, replies.Count);

        TestForum.Succeeded(await Forum.CommentModeration.RemoveCommentAsync(moderator.Principal, removed.Id, "Off topic", includeReplies: false));

        page.WaitForAssertion(() => Assert.Equal("true", page.Find($"#c{removed.Id}").GetAttribute("data-deleted")));
        var tombstone = page.Find($"#c{removed.Id} [data-testid='tombstone']");
        Assert.Contains("Removed by a moderator", tombstone.TextContent, StringComparison.Ordinal);
        Assert.Contains("Reason: Off topic", tombstone.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll($"#c{removed.Id} .comment-text"));
        Assert.Equal(replies, page.FindAll($"[data-comment-id][data-parent-id='{removed.Id}']").Select(r => (r.Id, r.QuerySelector(".comment-text")!.TextContent)));
        Assert.Equal("18 comments", page.Find("#comments-heading").TextContent.Trim());
    }

    [Fact]
    public async Task ALockedThreadOffersNoWayToReplyOrEdit()
    {
        var moderator = await Forum.AddModeratorAsync();
        var own = await Forum.PostAsync(Reader, Forum.SeedThreadId, "Said before the lock");
        Authorization.SignIn(Reader);
        var page = RenderLive(Forum.SeedThreadId);
        Assert.NotEmpty(page.FindAll("[data-testid='reply-button']"));

        TestForum.Succeeded(await Forum.ThreadModeration.LockThreadAsync(moderator.Principal, Forum.SeedThreadId, null));

        page.WaitForElement("[data-testid='locked-banner']");

        // The banner says no new comments or edits; the buttons should not offer an editor that can only fail.
        Assert.Empty(page.FindAll("[data-testid='reply-button']"));
        Assert.Empty(page.FindAll($"#c{own.Id} [data-testid='edit-button']"));
    }

    [Fact]
    public async Task ASuspensionNoticeClosesTheReadersEditorAndSaysWhy()
    {
        Authorization.SignIn(Reader);
        var page = RenderLive(Forum.SeedThreadId);
        var parent = await SeedConversationAsync(3);
        TypeInEditors("Half a thought");
        page.Find($"#c{parent.Id} [data-testid='reply-button']").Click();
        page.WaitForElement($"#c{parent.Id} textarea");

        // Someone else's notice is not the reader's business.
        await Forum.Bus.PublishAsync(new UserNotice(Writer.Id, UserNoticeKind.Suspended, "Your account is suspended."));
        Assert.NotNull(page.Find($"#c{parent.Id} [data-testid='reply-editor']"));
        Assert.Empty(page.FindAll("[data-testid='member-notice']"));

        const string message = "Your account is suspended until 2026-03-08 12:03 UTC. You can read but not post.";
        await Forum.Bus.PublishAsync(new UserNotice(Reader.Id, UserNoticeKind.Suspended, message));

        page.WaitForAssertion(() => Assert.Equal(message, page.Find("[data-testid='member-notice']").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid='reply-editor']"));
        Assert.Empty(page.FindAll("[data-testid='reply-button']"));
    }
}
