using ForumApp.Features;
using ForumApp.Features.Authorization;
using ForumApp.Features.Comments;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using static ForumApp.Tests.Moderation.ModerationForum;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Moderation;

/// <summary>Every entry to writing asks the same guard, so a suspended member hears one refusal, in one wording, everywhere.</summary>
public sealed class ForumGuardTests(ModerationForum forum) : IClassFixture<ModerationForum>
{
    [Fact]
    public async Task ASuspendedMemberIsRefusedWithTheSameWordsWhereverTheyWrite()
    {
        var member = await forum.RegisterAsync("member");
        var threadId = await forum.StartThreadAsync(member);
        var commentId = await forum.CommentAsync(member, threadId, "written before the suspension");
        var until = forum.Clock.GetUtcNow().UtcDateTime.AddDays(2);
        Succeeded(await forum.Service<MemberModerationService>().SuspendAsync(PrincipalOf(forum.Moderator.Id), member.Id, until, "Cool down", "none", null));
        var user = PrincipalOf(member.Id);

        var refusals = new[]
        {
            AssertError(await forum.Service<CommentService>().PostAsync(user, threadId, null, "still here?", null), ForumErrorKind.Forbidden),
            AssertError(await forum.Service<CommentService>().EditAsync(user, threadId, commentId, "edited"), ForumErrorKind.Forbidden),
            AssertError(await forum.Service<ThreadService>().CreateAsync(user, "A new thread", "Body"), ForumErrorKind.Forbidden),
            AssertError(await forum.Service<ReportService>().ReportAsync(user, commentId, "Spam"), ForumErrorKind.Forbidden),
            AssertError(await forum.Service<TypingService>().MarkReplyingAsync(user, threadId), ForumErrorKind.Forbidden),
        };

        var expected = GuardMessages.Suspended(await forum.ReadAsync(db => Task.FromResult(db.Users.Single(u => u.Id == member.Id).SuspendedUntil!.Value)));
        Assert.All(refusals, refusal => Assert.Equal(expected, refusal.Message));
        Assert.DoesNotContain(member.DisplayName, forum.Service<PresenceTracker>().Current(threadId).Replying);
    }

    [Fact]
    public async Task AMemberWhoMayWriteIsShownAsReplying()
    {
        var member = await forum.RegisterAsync("member");
        var threadId = await forum.StartThreadAsync(member);

        Succeeded(await forum.Service<TypingService>().MarkReplyingAsync(PrincipalOf(member.Id), threadId));

        Assert.Contains(member.DisplayName, forum.Service<PresenceTracker>().Current(threadId).Replying);
    }

    [Fact]
    public async Task OnlyAdminsAdministerAndOnlyModeratorsModerate()
    {
        var member = await forum.RegisterAsync("member");

        Assert.Equal(GuardMessages.AdminsOnly,
            AssertError(await forum.Service<RoleService>().ListModeratorsAsync(PrincipalOf(forum.Moderator.Id)), ForumErrorKind.Forbidden).Message);
        Assert.Equal(GuardMessages.ModeratorsOnly,
            AssertError(await forum.Service<ModerationLog>().GetLogAsync(PrincipalOf(member.Id), new ModerationLogFilter()), ForumErrorKind.Forbidden).Message);
        AssertError(await forum.Service<ModerationLog>().GetLogAsync(PrincipalOf(null), new ModerationLogFilter()), ForumErrorKind.Unauthenticated);
    }
}
