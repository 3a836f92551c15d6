using AngleSharp.Dom;
using Bunit;
using ForumApp.Components.Pages;
using ForumApp.Data;
using ForumApp.Features.Comments;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace ForumApp.Tests.Components;

/// <summary>
/// New comments reach the open page without a reload: in place, behind the new-comment button while the reader
/// reads or writes, and announced once.
/// </summary>
public sealed class ThreadPageArrivalTests : ThreadPageLiveTest
{
    [Fact]
    public async Task AReplyFromSomeoneElseAppearsUnderItsParentWithoutReload()
    {
        var page = RenderLive(Forum.SeedThreadId);
        var parent = await SeedConversationAsync(1);
        var next = await SeedConversationAsync(2);
        var before = DisplayedIds(page);

        var reply = await Forum.PostAsync(Writer, Forum.SeedThreadId, "Seen from the other side", parent.Id);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{reply.Id}")));
        var card = page.Find($"#c{reply.Id}");
        Assert.Equal(parent.Id.ToString(), card.GetAttribute("data-parent-id"));
        Assert.Equal("1", card.GetAttribute("data-depth"));
        Assert.Equal("Seen from the other side", card.QuerySelector(".comment-text")?.TextContent.Trim());
        Assert.Contains("fresh", card.ClassList);

        // After the parent's existing replies, before the next conversation.
        var nextIndex = before.IndexOf(next.Id);
        Assert.Equal(before.Take(nextIndex).Append(reply.Id).Concat(before.Skip(nextIndex)), DisplayedIds(page));
        Assert.Equal("20 comments", page.Find("#comments-heading").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid='show-new-comments']"));
    }

    [Fact]
    public async Task ANewConversationWaitsBehindTheNewCommentButton()
    {
        var page = RenderLive(Forum.SeedThreadId);

        var comment = await Forum.PostAsync(Writer, Forum.SeedThreadId, "A whole new point");

        page.WaitForAssertion(() => Assert.Equal("1 new comment", page.Find("[data-testid='show-new-comments']").TextContent.Trim()));
        Assert.Empty(page.FindAll($"#c{comment.Id}"));

        page.Find("[data-testid='show-new-comments']").Click();

        page.WaitForAssertion(() => Assert.Equal(comment.Id, DisplayedIds(page)[^1]));
        Assert.Equal("0", page.Find($"#c{comment.Id}").GetAttribute("data-depth"));
        Assert.Empty(page.FindAll("[data-testid='show-new-comments']"));
    }

    [Fact]
    public async Task WhileTheReaderWritesAReplyOthersRepliesWaitBehindTheButton()
    {
        Authorization.SignIn(Reader);
        var page = RenderLive(Forum.SeedThreadId);
        var parent = await SeedConversationAsync(1);
        page.Find($"#c{parent.Id} [data-testid='reply-button']").Click();
        page.WaitForElement($"#c{parent.Id} [data-testid='reply-editor']");

        var reply = await Forum.PostAsync(Writer, Forum.SeedThreadId, "Meanwhile", parent.Id);

        page.WaitForAssertion(() => Assert.Equal("1 new comment", page.Find("[data-testid='show-new-comments']").TextContent.Trim()));
        Assert.Empty(page.FindAll($"#c{reply.Id}"));
        Assert.NotNull(page.Find($"#c{parent.Id} [data-testid='reply-editor']"));
    }

    [Fact]
    public async Task TheReadersOwnReplyShowsAtOnceUnderItsParent()
    {
        Authorization.SignIn(Reader);
        var page = RenderLive(Forum.SeedThreadId);
        var parent = await SeedConversationAsync(2);
        TypeInEditors("My two cents");
        page.Find($"#c{parent.Id} [data-testid='reply-button']").Click();

        page.WaitForElement($"#c{parent.Id} textarea");
        page.Find($"#c{parent.Id} [data-testid='editor-submit']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-comment-id] [data-testid='reply-editor']")));
        var own = page.FindAll($"[data-comment-id][data-parent-id='{parent.Id}']").Last();
        Assert.Equal("My two cents", own.QuerySelector(".comment-text")?.TextContent.Trim());
        Assert.NotNull(own.QuerySelector("[data-testid='edit-button']"));
        Assert.Empty(page.FindAll("[data-testid='show-new-comments']"));
    }

    [Fact]
    public async Task ArrivalsAreAnnouncedOnceAfterTwoSecondsNotOnePerComment()
    {
        var page = RenderLive(Forum.SeedThreadId);
        var parent = await SeedConversationAsync(1);

        foreach (var body in new[] { "a", "b", "c" })
        {
            await Forum.PostAsync(Writer, Forum.SeedThreadId, body, parent.Id);
        }

        Clock.Advance(TimeSpan.FromMilliseconds(1_900));
        Assert.Equal("", page.Find("[data-testid='announcer']").TextContent.Trim());

        Clock.Advance(TimeSpan.FromMilliseconds(100));

        page.WaitForAssertion(() => Assert.Equal("3 new comments", page.Find("[data-testid='announcer']").TextContent.Trim()));
        Assert.Equal("polite", page.Find("[data-testid='announcer']").GetAttribute("aria-live"));
    }

    [Fact]
    public async Task AnAnnouncementNearlyDueIsDrawnWithTheNextArrival()
    {
        var page = RenderLive(Forum.SeedThreadId);
        var parent = await SeedConversationAsync(1);
        await Forum.PostAsync(Writer, Forum.SeedThreadId, "first", parent.Id);
        Clock.Advance(TimeSpan.FromMilliseconds(1_500));
        Assert.Equal("", Announcer(page));

        var second = await Forum.PostAsync(Writer, Forum.SeedThreadId, "second", parent.Id);

        // In the render that shows the second comment, half a second before the first one's wait is over.
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{second.Id}")));
        Assert.Equal("2 new comments", Announcer(page));

        // The wait that was cut short draws nothing more.
        Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal("2 new comments", Announcer(page));
    }

    [Fact]
    public async Task AnArrivalDoesNotBringTheNextAnnouncementCloseAfterTheLast()
    {
        var page = RenderLive(Forum.SeedThreadId);
        var parent = await SeedConversationAsync(1);
        await Forum.PostAsync(Writer, Forum.SeedThreadId, "first", parent.Id);
        Clock.Advance(TimeSpan.FromSeconds(2));
        page.WaitForAssertion(() => Assert.Equal("1 new comment", Announcer(page)));

        // The next wait is a second old at the third arrival, but the last announcement was only 1.2 s before it.
        Clock.Advance(TimeSpan.FromMilliseconds(200));
        await Forum.PostAsync(Writer, Forum.SeedThreadId, "second", parent.Id);
        Clock.Advance(TimeSpan.FromMilliseconds(1_000));
        var third = await Forum.PostAsync(Writer, Forum.SeedThreadId, "third", parent.Id);
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{third.Id}")));
        Assert.Equal("1 new comment", Announcer(page));

        Clock.Advance(TimeSpan.FromMilliseconds(1_000));
        page.WaitForAssertion(() => Assert.Equal("2 new comments", Announcer(page)));
    }

    private static string Announcer(IRenderedComponent<ThreadPage> page) => page.Find("[data-testid='announcer']").TextContent.Trim();
}
