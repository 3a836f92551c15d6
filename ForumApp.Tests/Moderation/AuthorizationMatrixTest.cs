using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Comments;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using static ForumApp.Tests.TestInfrastructure.ForumResults;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Moderation;

/// <summary>
/// Every action × every kind of actor, through each entry point: the HTTP API, the services that Blazor components
/// call with the circuit's principal, and (for posting) the hub. Each row builds its own thread and target; a
/// refusal must leave every table exactly as it was, and an allowed action must do what it says.
/// </summary>
public abstract class AuthorizationMatrixTest(AuthorizationMatrixFixture fixture)
{
    protected const string NewCommentBody = "written by the matrix";
    protected const string EditedBody = "edited by the matrix";
    protected const string EditedTitle = "Edited by the matrix";

    protected AuthorizationMatrixFixture Fixture { get; } = fixture;

    protected ModerationForum Forum => Fixture.Forum;

    protected ThreadService Threads => Forum.Service<ThreadService>();

    protected CommentService Comments => Forum.Service<CommentService>();

    protected CommentModerationService CommentModeration => Forum.Service<CommentModerationService>();

    protected ThreadModerationService ThreadModeration => Forum.Service<ThreadModerationService>();

    protected MemberModerationService MemberModeration => Forum.Service<MemberModerationService>();

    protected RoleService Roles => Forum.Service<RoleService>();

    protected ModerationLog Log => Forum.Service<ModerationLog>();

    protected ReportService Reports => Forum.Service<ReportService>();

    protected ForumApp.Features.Votes.VoteService Votes => Forum.Service<ForumApp.Features.Votes.VoteService>();
    /// <summary>The member whose comments the rows target: the profile the profile rows read.</summary>
    protected string AuthorName => Fixture.Accounts[Actor.Author]!.DisplayName;
    protected ReadMarkService Reading => Forum.Service<ReadMarkService>();

    /// <summary>The seq the MarkRead rows read up to: the row's thread has reached it (three comments are posted).</summary>
    protected const long ReadUpTo = 2;

    // ---- The rows' targets ----

    /// <summary>What one row acts on. Ids that the act does not need are 0.</summary>
    protected sealed record Scene(long ThreadId, long ParentId, long CommentId, long ReplyId, long ReportId, long TargetMemberId, long TargetMemberCommentId);

    protected async Task<Scene> SetUpAsync(Act act, Actor actor)
    {
        var starter = PrincipalOf(Actor.OtherMember);
        var moderator = PrincipalOf(Actor.Moderator);

        var threadId = Succeeded(await Threads.CreateAsync(starter, $"Matrix {act} as {actor}", "One row's thread.")).Id;
        var parentId = Succeeded(await Comments.PostAsync(starter, threadId, null, "the parent, by another member", null)).Comment.Id;
        var commentId = await PostAsAsync(actor == Actor.SuspendedMember ? Actor.SuspendedMember : Actor.Author, threadId, parentId, "the target comment");
        var replyId = Succeeded(await Comments.PostAsync(starter, threadId, commentId, "a reply to the target", null)).Comment.Id;
        var scene = new Scene(threadId, parentId, commentId, replyId, 0, 0, 0);

        switch (act)
        {
            case Act.RestoreComment or Act.ReadRemovedComment:
                Succeeded(await CommentModeration.RemoveCommentAsync(moderator, commentId, "set up", includeReplies: false));
                break;
            case Act.UnlockThread:
                Succeeded(await ThreadModeration.LockThreadAsync(moderator, threadId, "set up"));
                break;
            case Act.UnpinThread:
                Succeeded(await ThreadModeration.PinThreadAsync(moderator, threadId));
                break;
            case Act.RestoreThread:
                Succeeded(await ThreadModeration.SetThreadRemovedAsync(moderator, threadId, removed: true, "set up"));
                break;
            case Act.ResolveReportByRemoving or Act.ResolveReportByDismissing:
                var report = Succeeded(await Reports.ReportAsync(starter, commentId, "set up"));
                scene = scene with { ReportId = report.Id };
                break;
            case Act.SuspendMember or Act.BanMember or Act.UnsuspendMember or Act.GrantModerator or Act.RevokeModerator:
                var (targetId, _) = await Forum.AddMemberAsync();
                var target = ModerationForum.PrincipalOf(targetId);
                var targetCommentId = Succeeded(await Comments.PostAsync(target, threadId, null, "the target member's comment", null)).Comment.Id;
                scene = scene with { TargetMemberId = targetId, TargetMemberCommentId = targetCommentId };
                if (act == Act.UnsuspendMember)
                {
                    Succeeded(await MemberModeration.SuspendAsync(moderator, targetId, null, "set up", "none", null));
                }
                else if (act == Act.RevokeModerator)
                {
                    Succeeded(await Roles.SetModeratorAsync(PrincipalOf(Actor.Admin), targetId, "moderator", grant: true));
                }

                break;
        }

        return scene;
    }

    /// <summary>Posts as the actor; a banned actor is let back in for just this one post.</summary>
    protected async Task<long> PostAsAsync(Actor actor, long threadId, long? parentId, string body)
    {
        var id = Fixture.Accounts[actor]!.Id;
        var banned = actor == Actor.SuspendedMember;
        if (banned)
        {
            await Forum.WriteAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.SuspendedUntil, (DateTime?)null)));
        }

        try
        {
            return Succeeded(await Comments.PostAsync(PrincipalOf(actor), threadId, parentId, body, null)).Comment.Id;
        }
        finally
        {
            if (banned)
            {
                await Forum.WriteAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.SuspendedUntil, MemberModerationService.BannedUntil)));
            }
        }
    }

    // ---- What must (not) have happened ----

    protected async Task AssertOutcomeAsync(Act act, Actor actor, Outcome expected, Scene s, ForumSnapshot before, string what)
    {
        var after = await SnapshotAsync();
        if (expected != Outcome.Allowed || act is Act.ListReports or Act.ReadLog or Act.ReadRemovedComment or Act.Search or Act.ReadProfile or Act.ReadProfileComments)
        {
            after.AssertUnchangedSince(before, what);
            return;
        }

        var actorId = Fixture.Accounts[actor]!.Id;
        switch (act)
        {
            case Act.PostComment:
                var posted = Assert.Single(after.Comments.ExceptBy(before.Comments.Select(c => c.Id), c => c.Id));
                Assert.Equal((s.ThreadId, (long?)s.ParentId, (long?)actorId, NewCommentBody), (posted.ThreadId, posted.ParentId, posted.AuthorId, posted.Body));
                Assert.Equal(before.Thread(s.ThreadId).LastSeq + 1, after.Thread(s.ThreadId).LastSeq);
                break;
            case Act.EditComment:
                Assert.Equal(EditedBody, after.Comment(s.CommentId).Body);
                break;
            case Act.DeleteComment:
                Assert.Equal(CommentState.DeletedByAuthor, after.Comment(s.CommentId).State);
                break;
            case Act.CreateThread:
                Assert.Equal(before.Threads.Count + 1, after.Threads.Count);
                break;
            case Act.ReportComment:
                var report = Assert.Single(after.Reports.Except(before.Reports));
                Assert.Equal((s.CommentId, actorId, ReportStatus.Open), (report.CommentId, report.ReporterId, report.Status));
                break;
            case Act.VoteComment:
                Assert.Equal((1, 0, 1), (after.Comment(s.CommentId).UpVotes, after.Comment(s.CommentId).DownVotes, after.Comment(s.CommentId).Score));
                Assert.Equal(before.Votes + 1, after.Votes);
                Assert.Equal(before.Comment(s.CommentId).Version, after.Comment(s.CommentId).Version);
                break;
            case Act.RemoveComment:
                Assert.Equal(CommentState.RemovedByModerator, after.Comment(s.CommentId).State);
                Assert.Equal(CommentState.RemovedByModerator, after.Comment(s.ReplyId).State);
                Assert.Equal(before.LogEntries + 2, after.LogEntries);
                break;
            case Act.RestoreComment:
                Assert.Equal(CommentState.Visible, after.Comment(s.CommentId).State);
                break;
            case Act.LockThread or Act.UnlockThread:
                Assert.Equal(act == Act.LockThread, after.Thread(s.ThreadId).Locked);
                break;
            case Act.RemoveThread or Act.RestoreThread:
                Assert.Equal(act == Act.RemoveThread, after.Thread(s.ThreadId).RemovedAt is not null);
                break;
            case Act.EditThread:
                Assert.Equal(EditedTitle, after.Thread(s.ThreadId).Title);
                break;
            case Act.PinThread or Act.UnpinThread:
                Assert.Equal(act == Act.PinThread, after.Thread(s.ThreadId).PinnedAt is not null);
                Assert.Equal(before.LogEntries + 1, after.LogEntries);
                break;
            case Act.MarkRead:
                Assert.Equal(new ReadMarkRow(actorId, s.ThreadId, ReadUpTo), Assert.Single(after.ReadMarks.Except(before.ReadMarks)));
                break;
            case Act.SuspendMember:
                Assert.Equal(SuspendedUntil, after.Member(s.TargetMemberId).SuspendedUntil);
                Assert.Equal(CommentState.RemovedByModerator, after.Comment(s.TargetMemberCommentId).State);
                break;
            case Act.BanMember:
                Assert.Equal(MemberModerationService.BannedUntil, after.Member(s.TargetMemberId).SuspendedUntil);
                break;
            case Act.UnsuspendMember:
                Assert.Null(after.Member(s.TargetMemberId).SuspendedUntil);
                break;
            case Act.ResolveReportByRemoving or Act.ResolveReportByDismissing:
                var removing = act == Act.ResolveReportByRemoving;
                Assert.Equal(removing ? ReportStatus.Actioned : ReportStatus.Dismissed, after.Report(s.ReportId).Status);
                Assert.Equal(removing ? CommentState.RemovedByModerator : CommentState.Visible, after.Comment(s.CommentId).State);
                break;
            case Act.GrantModerator or Act.RevokeModerator:
                Assert.Equal(act == Act.GrantModerator, after.HasRole(s.TargetMemberId, Fixture.ModeratorRoleId));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(act), act, null);
        }
    }

    protected DateTime SuspendedUntil => Forum.Clock.UtcNow.UtcDateTime.AddDays(1);

    protected Task<ForumSnapshot> SnapshotAsync() => Forum.ReadAsync(ForumSnapshot.TakeAsync);

    protected ClaimsPrincipal PrincipalOf(Actor actor) => ModerationForum.PrincipalOf(Fixture.Accounts[actor]?.Id);
}
