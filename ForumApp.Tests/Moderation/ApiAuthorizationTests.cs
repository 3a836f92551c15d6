using System.Net;

namespace ForumApp.Tests.Moderation;

/// <summary>The HTTP API lets exactly the matrix's actors act, and refuses the others before it looks at their request.</summary>
[Collection(AuthorizationMatrix.Collection)]
public sealed class ApiAuthorizationTests(AuthorizationMatrixFixture fixture) : AuthorizationMatrixTest(fixture)
{
    [Theory]
    [MemberData(nameof(AuthorizationMatrix.Matrix), MemberType = typeof(AuthorizationMatrix))]
    public async Task HttpApiLetsOnlyTheRightActorsAct(Act act, Actor actor, Outcome expected)
    {
        var scene = await SetUpAsync(act, actor);
        var before = await SnapshotAsync();

        var (method, url, body) = RequestFor(act, scene);
        var response = await Forum.SendAsync(method, url, Fixture.Accounts[actor], body);

        response.Expect(expected switch
        {
            Outcome.Unauthenticated => HttpStatusCode.Unauthorized,
            Outcome.Forbidden => HttpStatusCode.Forbidden,
            _ => SuccessStatus(act),
        });
        await AssertOutcomeAsync(act, actor, expected, scene, before, $"{response.Request} as {actor}");
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

        var response = await Forum.SendAsync(method, url, Fixture.Accounts[actor], body);

        response.Expect(expected == Outcome.Unauthenticated ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden);
        (await SnapshotAsync()).AssertUnchangedSince(before, $"{request} as {actor}");
    }

    private (HttpMethod Method, string Url, object? Body) RequestFor(Act act, Scene s) => act switch
    {
        Act.PostComment => (HttpMethod.Post, $"/api/threads/{s.ThreadId}/comments", new { parentId = s.ParentId, body = NewCommentBody }),
        Act.EditComment => (HttpMethod.Put, $"/api/threads/{s.ThreadId}/comments/{s.CommentId}", new { body = EditedBody }),
        Act.DeleteComment => (HttpMethod.Delete, $"/api/threads/{s.ThreadId}/comments/{s.CommentId}", null),
        Act.CreateThread => (HttpMethod.Post, "/api/threads", new { title = "A thread from the matrix", body = "Its body." }),
        Act.ReportComment => (HttpMethod.Post, $"/api/comments/{s.CommentId}/reports", new { reason = "Looks like spam" }),
        Act.VoteComment => (HttpMethod.Put, $"/api/comments/{s.CommentId}/vote", new { value = 1 }),
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
        Act.Search => (HttpMethod.Get, "/api/search?q=target%20comment", null),
        Act.ReadProfile => (HttpMethod.Get, $"/api/users/{Uri.EscapeDataString(AuthorName)}", null),
        Act.ReadProfileComments => (HttpMethod.Get, $"/api/users/{Uri.EscapeDataString(AuthorName)}/comments", null),
        Act.PinThread => (HttpMethod.Post, $"/api/moderation/threads/{s.ThreadId}/pin", null),
        Act.UnpinThread => (HttpMethod.Post, $"/api/moderation/threads/{s.ThreadId}/unpin", null),
        Act.MarkRead => (HttpMethod.Post, $"/api/threads/{s.ThreadId}/read", new { seq = ReadUpTo }),
        _ => throw new ArgumentOutOfRangeException(nameof(act), act, null),
    };

    private static HttpStatusCode SuccessStatus(Act act) => act switch
    {
        Act.PostComment or Act.CreateThread or Act.ReportComment => HttpStatusCode.Created,
        Act.EditComment or Act.RemoveComment or Act.RestoreComment or Act.ResolveReportByRemoving or Act.ResolveReportByDismissing
            or Act.ListReports or Act.ReadLog or Act.ReadRemovedComment or Act.VoteComment
            or Act.Search or Act.ReadProfile or Act.ReadProfileComments => HttpStatusCode.OK,
        _ => HttpStatusCode.NoContent,
    };
}
