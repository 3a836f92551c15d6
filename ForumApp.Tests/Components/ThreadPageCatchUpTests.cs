using Bunit;
using ForumApp.Components.Pages;
using ForumApp.Data;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Components;

/// <summary>The page catches up on what its bus never told it, and goes live however late the thread loads.</summary>
public sealed class ThreadPageCatchUpTests : ThreadPageLiveTest
{
    [Fact]
    public async Task MissedEventsAreReadFromTheDatabaseWhenAGapShows()
    {
        var page = RenderLive(Forum.SeedThreadId);
        var parent = await SeedConversationAsync(0);

        // Another instance writes three replies; its events never reach this instance's bus...
        var elsewhere = ServiceGraph.Bus();
        var heardElsewhere = new List<ThreadEventView>();
        using var listening = elsewhere.SubscribeThread(Forum.SeedThreadId, e =>
        {
            heardElsewhere.Add(e);
            return Task.CompletedTask;
        });
        var otherInstance = ServiceGraph.Comments(Forum.DbFactory, Forum.Renderer, Forum.Limits, elsewhere, Clock);
        var missed = new List<CommentView>();
        foreach (var body in new[] { "one", "two", "three" })
        {
            missed.Add(TestForum.Succeeded(await otherInstance.PostAsync(Writer.Principal, Forum.SeedThreadId, parent.Id, body, null)).Comment);
        }

        Assert.Empty(page.FindAll($"#c{missed[0].Id}"));

        // ...until the last one is relayed here: two sequence numbers ahead of what the page has applied.
        await Forum.Bus.PublishAsync([heardElsewhere[^1]]);

        page.WaitForAssertion(() => Assert.All(missed, m => Assert.NotNull(page.Find($"#c{m.Id}"))));
        Assert.Equal(
            missed.Select(m => m.Id),
            page.FindAll($"[data-comment-id][data-parent-id='{parent.Id}']").Select(c => long.Parse(c.GetAttribute("data-comment-id")!)).TakeLast(3));
    }

    [Fact]
    public async Task ThePageGoesLiveEvenWhenTheThreadLoadsAfterItsFirstRender()
    {
        // A database that answers asynchronously (SQL Server, or any real network hop): the page's first
        // render is the loading skeleton, and the thread arrives after it.
        await using var slowForum = await TestForum.CreateSeededAsync(ImportedAt, Clock, database => new AsynchronousReads(database));
        await using var context = BunitSetup.CreateContext(slowForum, out _);
        var page = context.Render<ThreadPage>(parameters => parameters.Add(p => p.Id, slowForum.SeedThreadId));
        page.WaitForAssertion(() => Assert.Equal(19, page.FindAll("[data-comment-id]").Count));

        page.WaitForAssertion(() => Assert.Equal(1, slowForum.Bus.ThreadSubscriberCount(slowForum.SeedThreadId)));
        var parent = (await slowForum.SeedCommentsAsync())[0];
        var reply = await slowForum.PostAsync(await slowForum.AddMemberAsync(), slowForum.SeedThreadId, "Is anyone listening?", parent.Id);
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{reply.Id}")));
    }

    /// <summary>Every context is handed out after a real asynchronous step, as a networked database would.</summary>
    private sealed class AsynchronousReads(IDbContextFactory<ForumDbContext> inner) : IDbContextFactory<ForumDbContext>
    {
        public ForumDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<ForumDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return await inner.CreateDbContextAsync(cancellationToken);
        }
    }
}
