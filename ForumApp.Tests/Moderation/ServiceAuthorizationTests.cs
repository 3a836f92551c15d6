using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Moderation;
using ForumApp.Features.Profiles;
using ForumApp.Features.Search;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Moderation;

/// <summary>The services Blazor components call with the circuit's principal let exactly the matrix's actors act.</summary>
[Collection(AuthorizationMatrix.Collection)]
public sealed class ServiceAuthorizationTests(AuthorizationMatrixFixture fixture) : AuthorizationMatrixTest(fixture)
{
    [Theory]
    [MemberData(nameof(AuthorizationMatrix.Matrix), MemberType = typeof(AuthorizationMatrix))]
    public async Task ServicesLetOnlyTheRightActorsAct(Act act, Actor actor, Outcome expected)
    {
        var scene = await SetUpAsync(act, actor);
        var before = await SnapshotAsync();

        var error = await CallServiceAsync(act, PrincipalOf(actor), scene);

        Assert.True(
            error?.Kind == expected switch
            {
                Outcome.Unauthenticated => ForumErrorKind.Unauthenticated,
                Outcome.Forbidden => ForumErrorKind.Forbidden,
                _ => (ForumErrorKind?)null,
            },
            $"{act} as {actor} should be {expected} but was {error?.ToString() ?? "allowed"}.");
        await AssertOutcomeAsync(act, actor, expected, scene, before, $"{act} through the service as {actor}");
    }

    private async Task<ForumError?> CallServiceAsync(Act act, ClaimsPrincipal user, Scene s)
    {
        return act switch
        {
            Act.PostComment => (await Comments.PostAsync(user, s.ThreadId, s.ParentId, NewCommentBody, null)).Error,
            Act.EditComment => (await Comments.EditAsync(user, s.ThreadId, s.CommentId, EditedBody)).Error,
            Act.DeleteComment => (await Comments.DeleteAsync(user, s.ThreadId, s.CommentId)).Error,
            Act.CreateThread => (await Threads.CreateAsync(user, "A thread from the matrix", "Its body.")).Error,
            Act.ReportComment => (await Reports.ReportAsync(user, s.CommentId, "Looks like spam")).Error,
            Act.VoteComment => (await Votes.VoteAsync(user, s.CommentId, 1)).Error,
            Act.RemoveComment => (await CommentModeration.RemoveCommentAsync(user, s.CommentId, "Off topic", includeReplies: true)).Error,
            Act.RestoreComment => (await CommentModeration.RestoreCommentAsync(user, s.CommentId)).Error,
            Act.LockThread => (await ThreadModeration.LockThreadAsync(user, s.ThreadId, "Heated")).Error,
            Act.UnlockThread => (await ThreadModeration.UnlockThreadAsync(user, s.ThreadId)).Error,
            Act.RemoveThread => (await ThreadModeration.SetThreadRemovedAsync(user, s.ThreadId, removed: true, "Spam")).Error,
            Act.RestoreThread => (await ThreadModeration.SetThreadRemovedAsync(user, s.ThreadId, removed: false, null)).Error,
            Act.EditThread => (await ThreadModeration.EditThreadAsync(user, s.ThreadId, EditedTitle, "A calmer body.")).Error,
            Act.SuspendMember => (await MemberModeration.SuspendAsync(user, s.TargetMemberId, SuspendedUntil, "Cool down", "all", null)).Error,
            Act.BanMember => (await MemberModeration.SuspendAsync(user, s.TargetMemberId, null, "Spammer", "none", null)).Error,
            Act.UnsuspendMember => (await MemberModeration.UnsuspendAsync(user, s.TargetMemberId)).Error,
            Act.ResolveReportByRemoving => (await Reports.ResolveAsync(user, s.ReportId, "remove", "Spam")).Error,
            Act.ResolveReportByDismissing => (await Reports.ResolveAsync(user, s.ReportId, "dismiss", "Fine")).Error,
            Act.GrantModerator => (await Roles.SetModeratorAsync(user, s.TargetMemberId, "moderator", grant: true)).Error,
            Act.RevokeModerator => (await Roles.SetModeratorAsync(user, s.TargetMemberId, "moderator", grant: false)).Error,
            Act.ListReports => (await Reports.ListAsync(user, ReportStatus.Open)).Error,
            Act.ReadLog => (await Log.GetLogAsync(user, new ModerationLogFilter())).Error,
            Act.ReadRemovedComment => (await CommentModeration.GetCommentAsync(user, s.CommentId)).Error,
            Act.Search => (await Forum.Service<SearchService>().SearchAsync("target comment", null, null, null)).Error,
            Act.ReadProfile => await Forum.Service<ProfileService>().GetAsync(AuthorName) is null ? ForumError.NotFound("No profile.") : null,
            Act.ReadProfileComments => await Forum.Service<ProfileService>().GetCommentsAsync(AuthorName, null, null) is null ? ForumError.NotFound("No profile.") : null,
            Act.PinThread => (await ThreadModeration.PinThreadAsync(user, s.ThreadId)).Error,
            Act.UnpinThread => (await ThreadModeration.UnpinThreadAsync(user, s.ThreadId)).Error,
            Act.MarkRead => (await Reading.MarkReadAsync(user, s.ThreadId, ReadUpTo)).Error,
            _ => throw new ArgumentOutOfRangeException(nameof(act), act, null),
        };
    }
}
