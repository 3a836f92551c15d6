using Bunit;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Components;

/// <summary>What a returning member sees on a thread page: comments new since their visit, and pins as they happen.</summary>
public sealed class ThreadPageReadingTests : ThreadPageLiveTest
{
    [Fact]
    public async Task CommentsByOthersSinceTheLastVisitAreMarkedNew()
    {
        var lastSeq = (await Forum.Threads.GetLastSeqAsync(Forum.SeedThreadId))!.Value;
        TestForum.Succeeded(await Forum.Reading.MarkReadAsync(Reader.Principal, Forum.SeedThreadId, lastSeq));
        var first = await Forum.PostAsync(Writer, Forum.SeedThreadId, "New since the visit");
        await Forum.PostAsync(Reader, Forum.SeedThreadId, "The reader's own, never new to them");
        var second = await Forum.PostAsync(Writer, Forum.SeedThreadId, "Also new");
        Authorization.SignIn(Reader);

        var page = RenderLive(Forum.SeedThreadId);

        page.WaitForAssertion(() => Assert.Equal([first.Id, second.Id], page.FindAll("article.comment.unread").Select(IdOf)));
        Assert.Equal("New", page.Find($"#c{first.Id} [data-testid='new-marker']").TextContent.Trim());
        Assert.Equal("Jump to first new (2)", page.Find("[data-testid='jump-to-new']").TextContent.Trim());
    }

    [Fact]
    public async Task AnonymousReadersSeeNoNewMarkers()
    {
        await Forum.PostAsync(Writer, Forum.SeedThreadId, "Posted while nobody watched");

        var page = RenderLive(Forum.SeedThreadId);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("article.comment")));
        Assert.Empty(page.FindAll("article.comment.unread"));
        Assert.Empty(page.FindAll("[data-testid='jump-to-new']"));
    }

    [Fact]
    public async Task APinReachesTheOpenPageAndFlipsTheModeratorsButton()
    {
        var moderator = await Forum.AddModeratorAsync();
        var other = await Forum.AddModeratorAsync();
        Authorization.SignIn(moderator);
        var page = RenderLive(Forum.SeedThreadId);
        page.WaitForAssertion(() => Assert.Equal("Pin", page.Find("[data-testid='pin-toggle']").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid='thread-pinned']"));

        TestForum.Succeeded(await Forum.ThreadModeration.PinThreadAsync(other.Principal, Forum.SeedThreadId));

        page.WaitForAssertion(() => Assert.Equal("Unpin", page.Find("[data-testid='pin-toggle']").TextContent.Trim()));
        Assert.Contains("Pinned", page.Find("[data-testid='thread-pinned']").TextContent, StringComparison.Ordinal);

        page.Find("button[data-testid='pin-toggle']").Click();

        await Eventually.True(async () => !await Forum.Threads.IsPinnedAsync(Forum.SeedThreadId), "the moderator unpinned the thread");
        var control = page.FindComponent<ForumApp.Components.Threads.ThreadPinControl>();
        control.WaitForAssertion(() => Assert.Equal("Pin", control.Find("[data-testid='pin-toggle']").TextContent.Trim()));
        Assert.Empty(control.FindAll("[data-testid='thread-pinned']"));
    }
}
