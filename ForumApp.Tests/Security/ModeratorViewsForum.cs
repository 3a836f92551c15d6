using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using ForumApp.Components.Moderation;
using ForumApp.Components.Pages;
using ForumApp.Tests.Components;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ForumApp.Tests.Security;

/// <summary>Where one vector went: its member (named after it), the comment they wrote, and the report on it.</summary>
public sealed record HostileMember(XssVector Vector, int Batch, TestMember Member, long ThreadId, long OwnThreadId, long CommentId, long ReportId);

/// <summary>
/// Every vector in the places only moderators look at, rendered with bunit over the real services and a real SQLite
/// database. Each vector names a member (written straight to the database: registration refuses such names, and the
/// pages must stay safe should one ever get in, say from an older rule or an import), who starts a thread and comments
/// with the vector as its text; the next member reports that comment with the vector as the reason; a moderator then
/// removes it, with the vector as the public reason. The views are rendered once, here, and kept as parsed HTML.
/// </summary>
public sealed class ModeratorViewsForum : IAsyncLifetime
{
    public const int BatchSize = 25;

    private TestForum _forum = null!;
    private BunitContext _context = null!;

    public TestMember Moderator { get; private set; } = null!;

    public IReadOnlyDictionary<string, HostileMember> Members { get; private set; } = null!;

    /// <summary>The home page, listing every member's own thread.</summary>
    public IElement Home { get; private set; } = null!;

    /// <summary>Per batch: the report queue listing the open reports on the batch's comments.</summary>
    public IReadOnlyList<IElement> ReportQueues { get; private set; } = null!;

    /// <summary>Per batch: the batch's thread as a moderator sees it, tombstones with the removed words.</summary>
    public IReadOnlyList<IElement> ThreadPages { get; private set; } = null!;

    /// <summary>Per batch: the moderation log filtered to the batch's thread.</summary>
    public IReadOnlyList<IElement> LogPages { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync();
        _context = BunitSetup.CreateContext(_forum, out var authorization);
        Moderator = await _forum.AddModeratorAsync("Mod Vera");

        var vectors = XssVectors.All;
        var members = new List<TestMember>();
        for (var index = 0; index < vectors.Count; index++)
        {
            // Display names are unique ignoring case, and some vectors differ only in case.
            members.Add(await _forum.AddMemberAsync($"{vectors[index].Text} #{index}"));
        }

        var written = new List<HostileMember>();
        var threadIds = new List<long>();
        for (var index = 0; index < vectors.Count; index++)
        {
            var batch = index / BatchSize;
            if (batch == threadIds.Count)
            {
                threadIds.Add((await _forum.StartThreadAsync(Moderator, $"Hostile members, batch {batch}")).Id);
            }

            var member = members[index];
            var ownThread = await _forum.StartThreadAsync(member, $"A thread by member {index}");
            var comment = await _forum.PostAsync(member, threadIds[batch], vectors[index].Text);
            var reporter = members[(index + 1) % members.Count];
            var report = TestForum.Succeeded(await _forum.Reports.ReportAsync(reporter.Principal, comment.Id, vectors[index].Text));
            TestForum.Succeeded(await _forum.CommentModeration.RemoveCommentAsync(Moderator.Principal, comment.Id, vectors[index].Text, includeReplies: false));
            written.Add(new HostileMember(vectors[index], batch, member, threadIds[batch], ownThread.Id, comment.Id, report.Id));
        }

        Members = written.ToDictionary(member => member.Vector.Name);
        authorization.SignIn(Moderator);

        // The home page shows a page of threads at a time: "Load more" until every hostile title is on it.
        var home = _context.Render<Home>();
        var threadCount = vectors.Count + threadIds.Count;
        for (var shown = 0; shown < threadCount;)
        {
            home.WaitForAssertion(() => Assert.True(home.FindAll("li.thread-row").Count > shown));
            shown = home.FindAll("li.thread-row").Count;
            if (shown < threadCount)
            {
                home.Find("[data-testid='load-more-threads']").Click();
            }
        }

        home.WaitForAssertion(() => Assert.Equal(threadCount, home.FindAll("li.thread-row").Count));
        Home = Snapshot(home);

        ThreadPages = threadIds.Select(threadId =>
        {
            var page = _context.Render<ThreadPage>(parameters => parameters.Add(p => p.Id, threadId));
            page.WaitForAssertion(() => Assert.Equal(
                written.Count(member => member.ThreadId == threadId),
                page.FindAll("article.comment [data-testid='removed-text']").Count));
            return Snapshot(page);
        }).ToList();

        // The moderation page hands the queue its items and shows the log table: both are rendered here directly, a
        // batch at a time, since a queue of every report at once is slow to render and the log shows only the latest 200.
        var queue = TestForum.Succeeded(await _forum.Reports.ListQueueAsync(Moderator.Principal));
        ReportQueues = threadIds.Select(threadId =>
        {
            var items = queue.Where(item => item.Report.ThreadId == threadId).ToList();
            var rendered = _context.Render<ReportQueue>(parameters => parameters
                .Add(p => p.Items, items)
                .Add(p => p.OpenCount, queue.Count)
                .Add(p => p.User, Moderator.Principal));
            Assert.Equal(written.Count(member => member.ThreadId == threadId), rendered.FindAll("[data-report-id]").Count);
            return Snapshot(rendered);
        }).ToList();

        var log = _context.Render<ModerationLogTable>(parameters => parameters.Add(p => p.User, Moderator.Principal));
        LogPages = threadIds.Select(threadId =>
        {
            log.FindComponents<MudNumericField<long?>>().Single(field => field.Instance.Label == "Thread id")
                .Find("input").Change(threadId.ToString(CultureInfo.InvariantCulture));
            log.Find("[data-testid='log-filters']").Submit();
            log.WaitForAssertion(() => Assert.Equal(
                written.Count(member => member.ThreadId == threadId),
                log.FindAll("[data-log-id]").Count));
            return Snapshot(log);
        }).ToList();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    // The rendered markup parsed afresh, so later renders of the same component leave what a test reads alone.
    private static IElement Snapshot<TComponent>(IRenderedComponent<TComponent> rendered) where TComponent : IComponent =>
        ExecutableContent.ParseFragment(rendered.Markup);
}
