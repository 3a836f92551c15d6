using AngleSharp.Dom;
using Bunit;
using ForumApp.Components.Pages;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Components;

public sealed class ThreadPageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset _importedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // Comments were imported one second apart after the thread, so all of them are between 2 and 3 minutes old.
    private static readonly DateTimeOffset _now = _importedAt.AddMinutes(3);

    private BunitContext _context = null!;
    private TestForum _forum = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateSeededAsync(_importedAt, new TestClock(_now));
        _context = BunitSetup.CreateContext(_forum, out _);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public void ShowsTheArticleAndEveryComment()
    {
        var page = RenderThread(_forum.SeedThreadId);

        page.WaitForAssertion(() => Assert.Equal(19, page.FindAll("[data-comment-id]").Count));
        Assert.Equal(_forum.Seed.Title, page.Find("h1").TextContent.Trim());
        Assert.StartsWith(FirstLine(_forum.Seed.Article), page.Find(".article-body").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("19 comments", page.Find("#comments-heading").TextContent.Trim());
    }

    [Fact]
    public void RepliesFollowTheirParentInSeedOrder()
    {
        var page = RenderThread(_forum.SeedThreadId);
        page.WaitForAssertion(() => Assert.Equal(19, page.FindAll("[data-comment-id]").Count));

        var topLevel = page.FindAll("[data-depth='0']");
        Assert.Equal(_forum.Seed.Comments.Count, topLevel.Count);

        var secondSeed = _forum.Seed.Comments[1];
        var second = topLevel[1];
        Assert.Null(second.GetAttribute("data-parent-id"));
        AssertShowsSeedText(second, secondSeed);
        Assert.Equal($"c{second.GetAttribute("data-comment-id")}", second.Id);

        var replies = page.FindAll($"[data-parent-id='{second.GetAttribute("data-comment-id")}']");
        Assert.Equal(secondSeed.Replies.Count, replies.Count);
        for (var index = 0; index < replies.Count; index++)
        {
            Assert.Equal("1", replies[index].GetAttribute("data-depth"));
            AssertShowsSeedText(replies[index], secondSeed.Replies[index]);
        }

        // The replies come straight after their parent, before the next top-level comment.
        var all = page.FindAll("[data-comment-id]").ToList();
        var parentIndex = all.FindIndex(c => c.GetAttribute("data-comment-id") == second.GetAttribute("data-comment-id"));
        Assert.Equal(
            replies.Select(r => r.GetAttribute("data-comment-id")),
            all.Skip(parentIndex + 1).Take(replies.Count).Select(c => c.GetAttribute("data-comment-id")));
        Assert.NotNull(second.QuerySelector("[data-testid='collapse-toggle']"));
    }

    [Fact]
    public void LinksInCommentsAreClickable()
    {
        var page = RenderThread(_forum.SeedThreadId);
        page.WaitForAssertion(() => Assert.Equal(19, page.FindAll("[data-comment-id]").Count));

        var link = Assert.Single(page.FindAll(".comment-text a"));
        Assert.Equal("https://www.techbite.me/post/10-reasons-why-apple-won-t-sue-xiaomi", link.GetAttribute("href"));
        Assert.Contains("nofollow", link.GetAttribute("rel"), StringComparison.Ordinal);
    }

    [Fact]
    public void CommentTimesAreRelativeToTheClock()
    {
        var page = RenderThread(_forum.SeedThreadId);
        page.WaitForAssertion(() => Assert.Equal(19, page.FindAll("[data-comment-id]").Count));

        var firstTime = page.Find("[data-comment-id] time");
        Assert.Equal("2 minutes ago", firstTime.TextContent);
        Assert.Equal("2026-03-01T12:00:01Z", firstTime.GetAttribute("datetime"));
        Assert.Equal("1 Mar 2026, 12:00 UTC", firstTime.GetAttribute("title"));
        Assert.Equal("3 minutes ago", page.Find(".byline time").TextContent);
    }

    [Fact]
    public void UnknownThreadShowsNotFound()
    {
        var page = RenderThread(_forum.SeedThreadId + 1000);

        page.WaitForAssertion(() => Assert.Equal("Thread not found", page.Find("[data-testid='thread-not-found'] h1").TextContent));
        Assert.Empty(page.FindAll("[data-comment-id]"));
    }

    private IRenderedComponent<ThreadPage> RenderThread(long id) =>
        _context.Render<ThreadPage>(parameters => parameters.Add(p => p.Id, id));

    private static void AssertShowsSeedText(IElement comment, ForumApp.Seeding.SeedComment seed)
    {
        var text = comment.QuerySelector(".comment-text")?.TextContent.Trim() ?? "";
        Assert.StartsWith(FirstLine(seed.Body), text, StringComparison.Ordinal);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
