using System.Net;
using System.Threading.Channels;
using ForumApp.Data;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Moderation;

/// <summary>
/// What moderation publishes on the app's own event bus, observed in-process the way a Blazor page subscribes,
/// while the actions themselves go through the HTTP API.
/// </summary>
public sealed class ModerationLiveTests(ModerationForum forum) : IClassFixture<ModerationForum>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private ForumEventBus Bus => forum.Service<ForumEventBus>();

    [Fact]
    public async Task RemovingASubtreePublishesOneRemovedEventPerCommentInSeqOrder()
    {
        var author = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var root = await forum.CommentAsync(author, threadId, "root");
        var a = await forum.CommentAsync(author, threadId, "a", root);
        var a1 = await forum.CommentAsync(author, threadId, "a1", a);
        var b = await forum.CommentAsync(author, threadId, "b", root);
        await forum.CommentAsync(author, threadId, "not in the subtree");
        var lastSeq = await forum.ReadAsync(db => db.Threads.Where(t => t.Id == threadId).Select(t => t.LastSeq).SingleAsync());
        var received = Channel.CreateUnbounded<ThreadEventView>();
        using var subscription = Bus.SubscribeThread(threadId, e => received.Writer.WriteAsync(e).AsTask());

        (await forum.PostAsync($"/api/moderation/comments/{root}/remove", forum.Moderator, new { reason = "Derailing", includeReplies = true }))
            .Expect(HttpStatusCode.OK);

        var events = new List<ThreadEventView>();
        for (var i = 0; i < 4; i++)
        {
            events.Add(await NextAsync(received.Reader));
        }

        Assert.Equal(Enumerable.Range(1, 4).Select(i => lastSeq + i), events.Select(e => e.Seq));
        Assert.All(events, e =>
        {
            Assert.Equal(threadId, e.ThreadId);
            Assert.Equal(ThreadEventKind.Removed, e.Kind);
            Assert.NotNull(e.Comment);
            Assert.True(e.Comment.Deleted);
            Assert.Equal("moderator", e.Comment.DeletedBy);
            Assert.Equal("Derailing", e.Comment.Reason);
            Assert.Null(e.Comment.Body);
            Assert.Null(e.Comment.BodyHtml);
        });
        Assert.Equal([root, a, a1, b], events.Select(e => e.Comment!.Id));
        Assert.False(received.Reader.TryRead(out var extra), $"Only the subtree should be announced, but also got {extra}.");
    }

    [Fact]
    public async Task LockingAndUnlockingPublishThreadEventsWithoutAComment()
    {
        var author = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var received = Channel.CreateUnbounded<ThreadEventView>();
        using var subscription = Bus.SubscribeThread(threadId, e => received.Writer.WriteAsync(e).AsTask());

        (await forum.PostAsync($"/api/moderation/threads/{threadId}/lock", forum.Moderator, new { reason = "Pause" })).Expect(HttpStatusCode.NoContent);
        (await forum.PostAsync($"/api/moderation/threads/{threadId}/unlock", forum.Moderator)).Expect(HttpStatusCode.NoContent);

        var locked = await NextAsync(received.Reader);
        var unlocked = await NextAsync(received.Reader);
        Assert.Equal((ThreadEventKind.Locked, 1L, null), (locked.Kind, locked.Seq, locked.Comment));
        Assert.Equal((ThreadEventKind.Unlocked, 2L, null), (unlocked.Kind, unlocked.Seq, unlocked.Comment));
    }

    [Fact]
    public async Task SuspendingAMemberTellsThatMemberAndNoOneElse()
    {
        var member = await forum.RegisterAsync();
        var bystander = await forum.RegisterAsync();
        var toMember = Channel.CreateUnbounded<UserNotice>();
        var toBystander = Channel.CreateUnbounded<UserNotice>();
        // The member's notification list hears of the suspension too; this test is about the page's notice.
        using var memberSubscription = Bus.SubscribeUser(member.Id, n => n.Kind == UserNoticeKind.Notification
            ? Task.CompletedTask
            : toMember.Writer.WriteAsync(n).AsTask());
        using var bystanderSubscription = Bus.SubscribeUser(bystander.Id, n => toBystander.Writer.WriteAsync(n).AsTask());

        (await forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", forum.Moderator,
            new { until = forum.Clock.UtcNow.UtcDateTime.AddDays(2), reason = "Cool down", removeComments = "none" })).Expect(HttpStatusCode.NoContent);

        var suspended = await NextAsync(toMember.Reader);
        Assert.Equal((member.Id, UserNoticeKind.Suspended), (suspended.UserId, suspended.Kind));
        Assert.Contains("suspended", suspended.Message, StringComparison.OrdinalIgnoreCase);

        (await forum.PostAsync($"/api/moderation/users/{member.Id}/unsuspend", forum.Moderator)).Expect(HttpStatusCode.NoContent);

        var unsuspended = await NextAsync(toMember.Reader);
        Assert.Equal((member.Id, UserNoticeKind.Unsuspended), (unsuspended.UserId, unsuspended.Kind));
        Assert.False(toBystander.Reader.TryRead(out var stray), $"The bystander was told: {stray}");
    }

    [Fact]
    public async Task NewReportTellsModeratorsTheOpenCountAndResolvingItCountsDown()
    {
        var author = await forum.RegisterAsync();
        var reporter = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var commentId = await forum.CommentAsync(author, threadId, "reported soon");
        var openBefore = await forum.Service<ReportService>().OpenCountAsync();
        var notices = Channel.CreateUnbounded<ModeratorNotice>();
        using var subscription = Bus.SubscribeModerators(n => notices.Writer.WriteAsync(n).AsTask());

        var reportId = (await forum.PostAsync($"/api/comments/{commentId}/reports", reporter, new { reason = "Rude" }))
            .Expect(HttpStatusCode.Created).GetProperty("id").GetInt64();

        Assert.Equal(new ModeratorNotice(ModeratorNoticeKind.Reports, openBefore + 1), await NextAsync(notices.Reader));

        (await forum.PostAsync($"/api/moderation/reports/{reportId}/resolve", forum.Moderator, new { action = "dismiss" })).Expect(HttpStatusCode.OK);

        Assert.Equal(new ModeratorNotice(ModeratorNoticeKind.Reports, openBefore), await NextAsync(notices.Reader));
    }

    private static async Task<T> NextAsync<T>(ChannelReader<T> reader)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No {typeof(T).Name} arrived within {Patience.TotalSeconds} s.");
        }
    }
}
