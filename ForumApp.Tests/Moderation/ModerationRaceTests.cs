using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Comments;
using ForumApp.Features.Moderation;
using Microsoft.EntityFrameworkCore;
using static ForumApp.Tests.Moderation.ModerationForum;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Moderation;

/// <summary>Moderator actions that meet at the same moment answer success or 409, each exactly once, never an error.</summary>
public sealed class ModerationRaceTests(ModerationForum forum) : IClassFixture<ModerationForum>
{
    private const int Rounds = 12;

    [Fact]
    public async Task RemovingAThreadWhileItIsLockedAndItsCommentsChangeAlwaysSucceeds()
    {
        var author = await forum.RegisterAsync("author");
        var moderator = PrincipalOf(forum.Moderator.Id);
        var admin = PrincipalOf(forum.Admin.Id);
        var threads = forum.Service<ThreadModerationService>();
        var moderation = forum.Service<CommentModerationService>();
        var comments = forum.Service<CommentService>();
        for (var round = 0; round < Rounds; round++)
        {
            var threadId = await forum.StartThreadAsync(author);
            var removedComment = await forum.CommentAsync(author, threadId, "removed by a moderator");
            var deletedComment = await forum.CommentAsync(author, threadId, "deleted by its author");
            using var start = new Barrier(4);

            var removal = Run(start, () => threads.SetThreadRemovedAsync(moderator, threadId, removed: true, "Spam"));
            var locking = Run(start, () => threads.LockThreadAsync(admin, threadId, "Heated"));
            var commentRemoval = Run(start, () => moderation.RemoveCommentAsync(admin, removedComment, "Off topic", includeReplies: false));
            var deletion = Run(start, () => comments.DeleteAsync(PrincipalOf(author.Id), threadId, deletedComment));

            Succeeded(await removal);
            AssertSettled(await locking);
            AssertSettled(await commentRemoval);
            AssertSettled(await deletion);
            Assert.NotNull(await forum.ReadAsync(db => db.Threads.Where(t => t.Id == threadId).Select(t => t.RemovedAt).SingleAsync()));
        }
    }

    [Fact]
    public async Task AReportResolvedThreeTimesAtOnceIsResolvedExactlyOnce()
    {
        var author = await forum.RegisterAsync("author");
        var reporter = await forum.RegisterAsync("reporter");
        var reports = forum.Service<ReportService>();
        var moderator = PrincipalOf(forum.Moderator.Id);
        var admin = PrincipalOf(forum.Admin.Id);
        var threadId = await forum.StartThreadAsync(author);
        for (var round = 0; round < Rounds; round++)
        {
            var commentId = await forum.CommentAsync(author, threadId, $"reported comment {round}");
            var reportId = Succeeded(await reports.ReportAsync(PrincipalOf(reporter.Id), commentId, "Spam")).Id;
            using var start = new Barrier(3);

            var outcomes = await Task.WhenAll(
                Run(start, () => reports.ResolveAsync(moderator, reportId, "dismiss", "Fine")),
                Run(start, () => reports.ResolveAsync(admin, reportId, "remove", "Spam")),
                Run(start, () => reports.ResolveAsync(moderator, reportId, "dismiss", "Fine")));

            var resolved = Assert.Single(outcomes, o => o.Succeeded);
            Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(ForumErrorKind.Conflict, o.Error!.Kind));
            var logged = await forum.ReadAsync(db => db.ModerationLog
                .Where(e => (e.TargetType == ModerationTargets.Report && e.TargetId == reportId) || (e.TargetType == ModerationTargets.Comment && e.TargetId == commentId))
                .Select(e => e.Action)
                .ToListAsync());
            var status = await forum.ReadAsync(db => db.Reports.Where(r => r.Id == reportId).Select(r => r.Status).SingleAsync());
            var commentState = await forum.ReadAsync(db => db.Comments.Where(c => c.Id == commentId).Select(c => c.State).SingleAsync());
            if (resolved.Value!.Status == "dismissed")
            {
                Assert.Equal([ModerationActions.DismissReport], logged);
                Assert.Equal((ReportStatus.Dismissed, CommentState.Visible), (status, commentState));
            }
            else
            {
                Assert.Equal([ModerationActions.RemoveComment], logged);
                Assert.Equal((ReportStatus.Actioned, CommentState.RemovedByModerator), (status, commentState));
            }
        }
    }

    private static void AssertSettled<T>(ForumResult<T> result) =>
        Assert.True(result.Error is null or { Kind: ForumErrorKind.Conflict or ForumErrorKind.NotFound }, $"expected success, 404 or 409, got {result.Error}");

    /// <summary>Starts the action on its own thread once every racer is ready, so they meet at the database.</summary>
    private static Task<T> Run<T>(Barrier start, Func<Task<T>> action) => Task.Run(async () =>
    {
        start.SignalAndWait(TimeSpan.FromSeconds(30));
        return await action();
    });
}
