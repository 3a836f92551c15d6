using Bunit;
using ForumApp.Components.Pages;
using ForumApp.Data;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task AnEventDeliveredHereButLostOnTheWayToThePageIsReadAfterTwoChecks()
    {
        // The instance's record of what it delivered: the page compares with it instead of asking the database.
        using var delivered = new DeliveredSequences(Clock);
        await using var context = BunitSetup.CreateContext(services =>
        {
            Forum.AddServicesTo(services);
            services.AddSingleton(delivered);
        }, out _);
        var page = RenderLiveIn(context);
        var parent = await SeedConversationAsync(0);
        var lastSeq = (await Forum.Threads.GetLastSeqAsync(Forum.SeedThreadId))!.Value;
        delivered.Track(Forum.SeedThreadId, lastSeq);

        // Written and delivered to this instance, but the page never heard of it (and nothing follows it).
        var quiet = ServiceGraph.Comments(Forum.DbFactory, Forum.Renderer, Forum.Limits, ServiceGraph.Bus(), Clock);
        var lost = TestForum.Succeeded(await quiet.PostAsync(Writer.Principal, Forum.SeedThreadId, parent.Id, "lost on the way", null)).Comment;
        delivered.Observe(Forum.SeedThreadId, lastSeq + 1);

        // The first check only notes what was delivered (it may still be on its way in); the next one reads it.
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll($"#c{lost.Id}"));
        // The catch-up runs on the page's dispatcher after the check: the clock moves until it is read.
        await Eventually.True(() =>
        {
            Clock.Advance(TimeSpan.FromSeconds(10));
            return page.FindAll($"#c{lost.Id}").Count > 0;
        }, "a later check reads what the page missed");
    }

    [Fact]
    public async Task OpenPagesShareTheInstancesCheckForMissedEventsInsteadOfATimerEach()
    {
        // An idle page should cost the server nothing: a thousand pages with a timer each woke it a hundred times a second.
        using var delivered = new DeliveredSequences(Clock);
        await using var context = BunitSetup.CreateContext(services =>
        {
            Forum.AddServicesTo(services);
            services.AddSingleton(delivered);
        }, out _);
        var timersBefore = Clock.PendingTimers;
        var first = RenderLiveIn(context);
        first.WaitForAssertion(() => Assert.True(Clock.PendingTimers > timersBefore));
        var timersWithOnePage = Clock.PendingTimers;

        var others = Enumerable.Range(0, 3).Select(_ => RenderLiveIn(context)).ToList();

        Assert.Equal(timersWithOnePage, Clock.PendingTimers);
        Assert.All(others, page => Assert.NotEmpty(page.FindAll("[data-comment-id]")));
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

    private IRenderedComponent<ThreadPage> RenderLiveIn(BunitContext context)
    {
        var subscribers = Forum.Bus.ThreadSubscriberCount(Forum.SeedThreadId);
        var page = context.Render<ThreadPage>(parameters => parameters.Add(p => p.Id, Forum.SeedThreadId));
        page.WaitForAssertion(() => Assert.Equal(subscribers + 1, Forum.Bus.ThreadSubscriberCount(Forum.SeedThreadId)));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='viewing']")));
        return page;
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
