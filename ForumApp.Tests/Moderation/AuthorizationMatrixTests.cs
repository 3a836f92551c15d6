using System.Net;
using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Accounts;
using ForumApp.Features.Comments;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using ForumApp.Tests.Realtime;
using ForumApp.Tests.TestInfrastructure;
using static ForumApp.Tests.TestInfrastructure.ForumResults;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Moderation;

/// <summary>Who acts, relative to the row's target comment (written by <see cref="Author"/>).</summary>
public enum Actor
{
    Anonymous,

    /// <summary>A member with no part in the row's thread.</summary>
    Member,

    /// <summary>Wrote the target comment.</summary>
    Author,

    /// <summary>Started the thread and wrote the comment the target replies to, but not the target itself.</summary>
    OtherMember,

    /// <summary>Banned; in their rows they wrote the target comment themselves, so only the ban can refuse them.</summary>
    SuspendedMember,

    Moderator,
    Admin,
}

/// <summary>Every action that changes the forum, and the moderators' reads that show removed words.</summary>
public enum Act
{
    PostComment,
    EditComment,
    DeleteComment,
    CreateThread,
    ReportComment,
    RemoveComment,
    RestoreComment,
    LockThread,
    UnlockThread,
    RemoveThread,
    RestoreThread,
    EditThread,
    SuspendMember,
    BanMember,
    UnsuspendMember,
    ResolveReportByRemoving,
    ResolveReportByDismissing,
    GrantModerator,
    RevokeModerator,
    ListReports,
    ReadLog,
    ReadRemovedComment,
}

public enum Outcome
{
    Allowed,
    Unauthenticated,
    Forbidden,
}

/// <summary>The app with one account per <see cref="Actor"/>; the suspended one is banned through the API.</summary>
public sealed class AuthorizationMatrixFixture : IAsyncLifetime
{
    public ModerationForum Forum { get; } = new();

    public IReadOnlyDictionary<Actor, ApiMember?> Accounts { get; private set; } = null!;

    public long ModeratorRoleId { get; private set; }

    public async Task InitializeAsync()
    {
        await Forum.InitializeAsync();
        var suspended = await Forum.RegisterAsync("suspended");
        (await Forum.PostAsync($"/api/moderation/users/{suspended.Id}/suspend", Forum.Moderator, new { until = (DateTime?)null, reason = "Banned for the matrix", removeComments = "none" }))
            .Expect(HttpStatusCode.NoContent);
        Accounts = new Dictionary<Actor, ApiMember?>
        {
            [Actor.Anonymous] = null,
            [Actor.Member] = await Forum.RegisterAsync("member"),
            [Actor.Author] = await Forum.RegisterAsync("author"),
            [Actor.OtherMember] = await Forum.RegisterAsync("other"),
            [Actor.SuspendedMember] = suspended,
            [Actor.Moderator] = Forum.Moderator,
            [Actor.Admin] = Forum.Admin,
        };
        ModeratorRoleId = await Forum.ReadAsync(db => db.Roles.Where(r => r.Name == ForumRoles.Moderator).Select(r => r.Id).SingleAsync());
    }

    public Task DisposeAsync() => Forum.DisposeAsync();
}

/// <summary>
/// Every action × every kind of actor, through each entry point: the HTTP API, the services that Blazor components
/// call with the circuit's principal, and (for posting) the hub. Each row builds its own thread and target; a
/// refusal must leave every table exactly as it was, and an allowed action must do what it says.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixFixture fixture) : IClassFixture<AuthorizationMatrixFixture>
{
    private const string NewCommentBody = "written by the matrix";
    private const string EditedBody = "edited by the matrix";
    private const string EditedTitle = "Edited by the matrix";

    // One row per act; the columns follow the order of Actor.
    private static readonly (Act Act, string Outcomes)[] Expected =
    [
        //                                     anonymous  member  author  other  suspended  moderator  admin
        (Act.PostComment,                     "401        ok      ok      ok     403        ok         ok"),
        (Act.EditComment,                     "401        403     ok      403    403        403        403"),
        (Act.DeleteComment,                   "401        403     ok      403    403        403        403"),
        (Act.CreateThread,                    "401        ok      ok      ok     403        ok         ok"),
        (Act.ReportComment,                   "401        ok      ok      ok     403        ok         ok"),
        (Act.RemoveComment,                   "401        403     403     403    403        ok         ok"),
        (Act.RestoreComment,                  "401        403     403     403    403        ok         ok"),
        (Act.LockThread,                      "401        403     403     403    403        ok         ok"),
        (Act.UnlockThread,                    "401        403     403     403    403        ok         ok"),
        (Act.RemoveThread,                    "401        403     403     403    403        ok         ok"),
        (Act.RestoreThread,                   "401        403     403     403    403        ok         ok"),
        (Act.EditThread,                      "401        403     403     403    403        ok         ok"),
        (Act.SuspendMember,                   "401        403     403     403    403        ok         ok"),
        (Act.BanMember,                       "401        403     403     403    403        ok         ok"),
        (Act.UnsuspendMember,                 "401        403     403     403    403        ok         ok"),
        (Act.ResolveReportByRemoving,         "401        403     403     403    403        ok         ok"),
        (Act.ResolveReportByDismissing,       "401        403     403     403    403        ok         ok"),
        (Act.GrantModerator,                  "401        403     403     403    403        403        ok"),
        (Act.RevokeModerator,                 "401        403     403     403    403        403        ok"),
        (Act.ListReports,                     "401        403     403     403    403        ok         ok"),
        (Act.ReadLog,                         "401        403     403     403    403        ok         ok"),
        (Act.ReadRemovedComment,              "401        403     403     403    403        ok         ok"),
    ];

    private ModerationForum Forum => fixture.Forum;

    public static TheoryData<Act, Actor, Outcome> Matrix()
    {
        var rows = new TheoryData<Act, Actor, Outcome>();
        foreach (var (act, outcomes) in Expected)
        {
            var perActor = outcomes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Enum.GetValues<Actor>().Length, perActor.Length);
            foreach (var actor in Enum.GetValues<Actor>())
            {
                rows.Add(act, actor, perActor[(int)actor] switch
                {
                    "ok" => Outcome.Allowed,
                    "401" => Outcome.Unauthenticated,
                    "403" => Outcome.Forbidden,
                    var other => throw new InvalidOperationException($"Unknown outcome '{other}' for {act}."),
                });
            }
        }

        return rows;
    }

    public static TheoryData<Actor, Outcome> Posting()
    {
        var rows = new TheoryData<Actor, Outcome>();
        foreach (var row in Matrix().Where(r => (Act)r[0] == Act.PostComment))
        {
            rows.Add((Actor)row[1], (Outcome)row[2]);
        }

        return rows;
    }

    [Fact]
    public void EveryActHasARowForEveryActor()
    {
        Assert.Equal(Enum.GetValues<Act>(), Expected.Select(row => row.Act));
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task HttpApiLetsOnlyTheRightActorsAct(Act act, Actor actor, Outcome expected)
    {
        var scene = await SetUpAsync(act, actor);
        var before = await SnapshotAsync();

        var (method, url, body) = RequestFor(act, scene);
        var response = await Forum.SendAsync(method, url, fixture.Accounts[actor], body);

        response.Expect(expected switch
        {
            Outcome.Unauthenticated => HttpStatusCode.Unauthorized,
            Outcome.Forbidden => HttpStatusCode.Forbidden,
            _ => SuccessStatus(act),
        });
        await AssertOutcomeAsync(act, actor, expected, scene, before, $"{response.Request} as {actor}");
    }

    [Theory]
    [MemberData(nameof(Matrix))]
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

    [Theory]
    [MemberData(nameof(Posting))]
    public async Task HubPostCommentLetsOnlyTheRightActorsPost(Actor actor, Outcome expected)
    {
        var scene = await SetUpAsync(Act.PostComment, actor);
        if (actor == Actor.SuspendedMember)
        {
            // A suspended account's connection is refused as it opens, before it can call anything.
            var unchanged = await SnapshotAsync();
            var refusal = await ThreadsHubClient.RefusalAsync(Forum.Server, fixture.Accounts[actor]?.AccessToken);
            Assert.Contains("403: This account is suspended", refusal, StringComparison.Ordinal);
            await AssertOutcomeAsync(Act.PostComment, actor, expected, scene, unchanged, "PostComment on the hub as a suspended member");
            return;
        }

        await using var hub = await ThreadsHubClient.ConnectAsync(Forum.Server, fixture.Accounts[actor]?.AccessToken);
        var before = await SnapshotAsync();

        Task Post() => hub.PostCommentAsync(scene.ThreadId, scene.ParentId, NewCommentBody);
        switch (expected)
        {
            case Outcome.Unauthenticated:
                await HubErrors.AssertFailsWithAsync("401:", Post);
                break;
            case Outcome.Forbidden:
                await HubErrors.AssertFailsWithAsync("403:", Post);
                break;
            default:
                await Post();
                break;
        }

        await AssertOutcomeAsync(Act.PostComment, actor, expected, scene, before, $"PostComment on the hub as {actor}");
    }

    public static TheoryData<string, Actor, Outcome> InvalidRequests() => new()
    {
        { "suspend with an unknown removeComments", Actor.Anonymous, Outcome.Unauthenticated },
        { "suspend with an unknown removeComments", Actor.Member, Outcome.Forbidden },
        { "grant an unknown role", Actor.Anonymous, Outcome.Unauthenticated },
        { "grant an unknown role", Actor.Member, Outcome.Forbidden },
        { "grant an unknown role", Actor.Moderator, Outcome.Forbidden },
        { "resolve with an unknown action", Actor.Anonymous, Outcome.Unauthenticated },
        { "resolve with an unknown action", Actor.Member, Outcome.Forbidden },
        { "remove with too long a reason", Actor.Anonymous, Outcome.Unauthenticated },
        { "edit a thread to an empty title", Actor.Member, Outcome.Forbidden },
    };

    /// <summary>A caller who may not act is told so, whatever else is wrong with the request: never a field error.</summary>
    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task RefusedCallerIsRefusedBeforeTheirRequestIsValidated(string request, Actor actor, Outcome expected)
    {
        var scene = await SetUpAsync(Act.ResolveReportByDismissing, actor);
        var (targetId, _) = await Forum.AddMemberAsync();
        var before = await SnapshotAsync();
        var (url, body) = request switch
        {
            "suspend with an unknown removeComments" => ($"/api/moderation/users/{targetId}/suspend", (object)new { until = (DateTime?)null, reason = "x", removeComments = "everything" }),
            "grant an unknown role" => ($"/api/admin/users/{targetId}/roles", new { role = "admin", grant = true }),
            "resolve with an unknown action" => ($"/api/moderation/reports/{scene.ReportId}/resolve", new { action = "delete", reason = "x" }),
            "remove with too long a reason" => ($"/api/moderation/comments/{scene.CommentId}/remove", new { reason = new string('x', 501), includeReplies = true }),
            _ => ($"/api/moderation/threads/{scene.ThreadId}", (object)new { title = "", body = "x" }),
        };
        var method = request.StartsWith("edit", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post;

        var response = await Forum.SendAsync(method, url, fixture.Accounts[actor], body);

        response.Expect(expected == Outcome.Unauthenticated ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden);
        (await SnapshotAsync()).AssertUnchangedSince(before, $"{request} as {actor}");
    }

    // ---- The rows' targets ----

    /// <summary>What one row acts on. Ids that the act does not need are 0.</summary>
    private sealed record Scene(long ThreadId, long ParentId, long CommentId, long ReplyId, long ReportId, long TargetMemberId, long TargetMemberCommentId);

    private async Task<Scene> SetUpAsync(Act act, Actor actor)
    {
        var threads = Forum.Service<ThreadService>();
        var comments = Forum.Service<CommentService>();
        var commentModeration = Forum.Service<CommentModerationService>();
        var threadModeration = Forum.Service<ThreadModerationService>();
        var memberModeration = Forum.Service<MemberModerationService>();
        var roles = Forum.Service<RoleService>();
        var log = Forum.Service<ModerationLog>();
        var starter = PrincipalOf(Actor.OtherMember);
        var moderator = PrincipalOf(Actor.Moderator);

        var threadId = Succeeded(await threads.CreateAsync(starter, $"Matrix {act} as {actor}", "One row's thread.")).Id;
        var parentId = Succeeded(await comments.PostAsync(starter, threadId, null, "the parent, by another member", null)).Comment.Id;
        var commentId = await PostAsAsync(actor == Actor.SuspendedMember ? Actor.SuspendedMember : Actor.Author, threadId, parentId, "the target comment");
        var replyId = Succeeded(await comments.PostAsync(starter, threadId, commentId, "a reply to the target", null)).Comment.Id;
        var scene = new Scene(threadId, parentId, commentId, replyId, 0, 0, 0);

        switch (act)
        {
            case Act.RestoreComment or Act.ReadRemovedComment:
                Succeeded(await commentModeration.RemoveCommentAsync(moderator, commentId, "set up", includeReplies: false));
                break;
            case Act.UnlockThread:
                Succeeded(await threadModeration.LockThreadAsync(moderator, threadId, "set up"));
                break;
            case Act.RestoreThread:
                Succeeded(await threadModeration.SetThreadRemovedAsync(moderator, threadId, removed: true, "set up"));
                break;
            case Act.ResolveReportByRemoving or Act.ResolveReportByDismissing:
                var report = Succeeded(await Forum.Service<ReportService>().ReportAsync(starter, commentId, "set up"));
                scene = scene with { ReportId = report.Id };
                break;
            case Act.SuspendMember or Act.BanMember or Act.UnsuspendMember or Act.GrantModerator or Act.RevokeModerator:
                var (targetId, _) = await Forum.AddMemberAsync();
                var target = ModerationForum.PrincipalOf(targetId);
                var targetCommentId = Succeeded(await comments.PostAsync(target, threadId, null, "the target member's comment", null)).Comment.Id;
                scene = scene with { TargetMemberId = targetId, TargetMemberCommentId = targetCommentId };
                if (act == Act.UnsuspendMember)
                {
                    Succeeded(await memberModeration.SuspendAsync(moderator, targetId, null, "set up", "none", null));
                }
                else if (act == Act.RevokeModerator)
                {
                    Succeeded(await roles.SetModeratorAsync(PrincipalOf(Actor.Admin), targetId, "moderator", grant: true));
                }

                break;
        }

        return scene;
    }

    /// <summary>Posts as the actor; a banned actor is let back in for just this one post.</summary>
    private async Task<long> PostAsAsync(Actor actor, long threadId, long? parentId, string body)
    {
        var id = fixture.Accounts[actor]!.Id;
        var banned = actor == Actor.SuspendedMember;
        if (banned)
        {
            await Forum.WriteAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.SuspendedUntil, (DateTime?)null)));
        }

        try
        {
            return Succeeded(await Forum.Service<CommentService>().PostAsync(PrincipalOf(actor), threadId, parentId, body, null)).Comment.Id;
        }
        finally
        {
            if (banned)
            {
                await Forum.WriteAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.SuspendedUntil, MemberModerationService.BannedUntil)));
            }
        }
    }

    // ---- The acts, per entry point ----

    private (HttpMethod Method, string Url, object? Body) RequestFor(Act act, Scene s) => act switch
    {
        Act.PostComment => (HttpMethod.Post, $"/api/threads/{s.ThreadId}/comments", new { parentId = s.ParentId, body = NewCommentBody }),
        Act.EditComment => (HttpMethod.Put, $"/api/threads/{s.ThreadId}/comments/{s.CommentId}", new { body = EditedBody }),
        Act.DeleteComment => (HttpMethod.Delete, $"/api/threads/{s.ThreadId}/comments/{s.CommentId}", null),
        Act.CreateThread => (HttpMethod.Post, "/api/threads", new { title = "A thread from the matrix", body = "Its body." }),
        Act.ReportComment => (HttpMethod.Post, $"/api/comments/{s.CommentId}/reports", new { reason = "Looks like spam" }),
        Act.RemoveComment => (HttpMethod.Post, $"/api/moderation/comments/{s.CommentId}/remove", new { reason = "Off topic", includeReplies = true }),
        Act.RestoreComment => (HttpMethod.Post, $"/api/moderation/comments/{s.CommentId}/restore", null),
        Act.LockThread => (HttpMethod.Post, $"/api/moderation/threads/{s.ThreadId}/lock", new { reason = "Heated" }),
        Act.UnlockThread => (HttpMethod.Post, $"/api/moderation/threads/{s.ThreadId}/unlock", null),
        Act.RemoveThread => (HttpMethod.Post, $"/api/moderation/threads/{s.ThreadId}/remove", new { reason = "Spam" }),
        Act.RestoreThread => (HttpMethod.Post, $"/api/moderation/threads/{s.ThreadId}/restore", null),
        Act.EditThread => (HttpMethod.Put, $"/api/moderation/threads/{s.ThreadId}", new { title = EditedTitle, body = "A calmer body." }),
        Act.SuspendMember => (HttpMethod.Post, $"/api/moderation/users/{s.TargetMemberId}/suspend",
            new { until = SuspendedUntil, reason = "Cool down", removeComments = "all", threadId = (long?)null }),
        Act.BanMember => (HttpMethod.Post, $"/api/moderation/users/{s.TargetMemberId}/suspend",
            new { until = (DateTime?)null, reason = "Spammer", removeComments = "none", threadId = (long?)null }),
        Act.UnsuspendMember => (HttpMethod.Post, $"/api/moderation/users/{s.TargetMemberId}/unsuspend", null),
        Act.ResolveReportByRemoving => (HttpMethod.Post, $"/api/moderation/reports/{s.ReportId}/resolve", new { action = "remove", reason = "Spam" }),
        Act.ResolveReportByDismissing => (HttpMethod.Post, $"/api/moderation/reports/{s.ReportId}/resolve", new { action = "dismiss", reason = "Fine" }),
        Act.GrantModerator => (HttpMethod.Post, $"/api/admin/users/{s.TargetMemberId}/roles", new { role = "moderator", grant = true }),
        Act.RevokeModerator => (HttpMethod.Post, $"/api/admin/users/{s.TargetMemberId}/roles", new { role = "moderator", grant = false }),
        Act.ListReports => (HttpMethod.Get, "/api/moderation/reports?status=open", null),
        Act.ReadLog => (HttpMethod.Get, "/api/moderation/log", null),
        Act.ReadRemovedComment => (HttpMethod.Get, $"/api/moderation/comments/{s.CommentId}", null),
        _ => throw new ArgumentOutOfRangeException(nameof(act), act, null),
    };

    private static HttpStatusCode SuccessStatus(Act act) => act switch
    {
        Act.PostComment or Act.CreateThread or Act.ReportComment => HttpStatusCode.Created,
        Act.EditComment or Act.RemoveComment or Act.RestoreComment or Act.ResolveReportByRemoving or Act.ResolveReportByDismissing
            or Act.ListReports or Act.ReadLog or Act.ReadRemovedComment => HttpStatusCode.OK,
        _ => HttpStatusCode.NoContent,
    };

    private async Task<ForumError?> CallServiceAsync(Act act, ClaimsPrincipal user, Scene s)
    {
        var comments = Forum.Service<CommentService>();
        var commentModeration = Forum.Service<CommentModerationService>();
        var threadModeration = Forum.Service<ThreadModerationService>();
        var memberModeration = Forum.Service<MemberModerationService>();
        var roles = Forum.Service<RoleService>();
        var log = Forum.Service<ModerationLog>();
        var reports = Forum.Service<ReportService>();
        return act switch
        {
            Act.PostComment => (await comments.PostAsync(user, s.ThreadId, s.ParentId, NewCommentBody, null)).Error,
            Act.EditComment => (await comments.EditAsync(user, s.ThreadId, s.CommentId, EditedBody)).Error,
            Act.DeleteComment => (await comments.DeleteAsync(user, s.ThreadId, s.CommentId)).Error,
            Act.CreateThread => (await Forum.Service<ThreadService>().CreateAsync(user, "A thread from the matrix", "Its body.")).Error,
            Act.ReportComment => (await reports.ReportAsync(user, s.CommentId, "Looks like spam")).Error,
            Act.RemoveComment => (await commentModeration.RemoveCommentAsync(user, s.CommentId, "Off topic", includeReplies: true)).Error,
            Act.RestoreComment => (await commentModeration.RestoreCommentAsync(user, s.CommentId)).Error,
            Act.LockThread => (await threadModeration.LockThreadAsync(user, s.ThreadId, "Heated")).Error,
            Act.UnlockThread => (await threadModeration.UnlockThreadAsync(user, s.ThreadId)).Error,
            Act.RemoveThread => (await threadModeration.SetThreadRemovedAsync(user, s.ThreadId, removed: true, "Spam")).Error,
            Act.RestoreThread => (await threadModeration.SetThreadRemovedAsync(user, s.ThreadId, removed: false, null)).Error,
            Act.EditThread => (await threadModeration.EditThreadAsync(user, s.ThreadId, EditedTitle, "A calmer body.")).Error,
            Act.SuspendMember => (await memberModeration.SuspendAsync(user, s.TargetMemberId, SuspendedUntil, "Cool down", "all", null)).Error,
            Act.BanMember => (await memberModeration.SuspendAsync(user, s.TargetMemberId, null, "Spammer", "none", null)).Error,
            Act.UnsuspendMember => (await memberModeration.UnsuspendAsync(user, s.TargetMemberId)).Error,
            Act.ResolveReportByRemoving => (await reports.ResolveAsync(user, s.ReportId, "remove", "Spam")).Error,
            Act.ResolveReportByDismissing => (await reports.ResolveAsync(user, s.ReportId, "dismiss", "Fine")).Error,
            Act.GrantModerator => (await roles.SetModeratorAsync(user, s.TargetMemberId, "moderator", grant: true)).Error,
            Act.RevokeModerator => (await roles.SetModeratorAsync(user, s.TargetMemberId, "moderator", grant: false)).Error,
            Act.ListReports => (await reports.ListAsync(user, ReportStatus.Open)).Error,
            Act.ReadLog => (await log.GetLogAsync(user, new ModerationLogFilter())).Error,
            Act.ReadRemovedComment => (await commentModeration.GetCommentAsync(user, s.CommentId)).Error,
            _ => throw new ArgumentOutOfRangeException(nameof(act), act, null),
        };
    }

    // ---- What must (not) have happened ----

    private async Task AssertOutcomeAsync(Act act, Actor actor, Outcome expected, Scene s, ForumSnapshot before, string what)
    {
        var after = await SnapshotAsync();
        if (expected != Outcome.Allowed || act is Act.ListReports or Act.ReadLog or Act.ReadRemovedComment)
        {
            after.AssertUnchangedSince(before, what);
            return;
        }

        var actorId = fixture.Accounts[actor]!.Id;
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
                Assert.Equal(act == Act.GrantModerator, after.HasRole(s.TargetMemberId, fixture.ModeratorRoleId));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(act), act, null);
        }
    }

    private DateTime SuspendedUntil => Forum.Clock.UtcNow.UtcDateTime.AddDays(1);

    private Task<ForumSnapshot> SnapshotAsync() => Forum.ReadAsync(ForumSnapshot.TakeAsync);

    private ClaimsPrincipal PrincipalOf(Actor actor) => ModerationForum.PrincipalOf(fixture.Accounts[actor]?.Id);
}
