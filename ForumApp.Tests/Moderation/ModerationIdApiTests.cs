using System.Net;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Moderation;

/// <summary>Every moderation route that takes an id: a malformed id is a field error, an unknown one is not found.</summary>
[Collection(ModerationApiTest.Collection)]
public sealed class ModerationIdApiTests(ModerationForum forum) : ModerationApiTest(forum)
{
    public static TheoryData<string, string> MalformedIds()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes.Keys)
        {
            foreach (var id in new[] { "abc", "0", "-1", "99999999999999999999" })
            {
                data.Add(route, id);
            }
        }

        return data;
    }

    public static TheoryData<string> EveryRoute() => new(Routes.Keys);

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public async Task MalformedIdIsAFieldErrorAndChangesNothing(string route, string id)
    {
        var logBefore = await Forum.ReadAsync(db => db.ModerationLog.CountAsync());

        (await CallAsync(route, id)).ExpectFieldError("id");

        Assert.Equal(logBefore, await Forum.ReadAsync(db => db.ModerationLog.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(EveryRoute))]
    public async Task UnknownIdIsNotFound(string route)
    {
        (await CallAsync(route, UnknownId.ToString(System.Globalization.CultureInfo.InvariantCulture))).Expect(HttpStatusCode.NotFound);
    }

    // Every moderation route that takes an id, with a body that is valid apart from the id. Called as the admin,
    // who may do all of them, so only the id decides the answer.
    private static readonly Dictionary<string, (HttpMethod Method, string Url, object? Body)> Routes = new()
    {
        ["remove comment"] = (HttpMethod.Post, "/api/moderation/comments/{0}/remove", new { reason = "r", includeReplies = true }),
        ["restore comment"] = (HttpMethod.Post, "/api/moderation/comments/{0}/restore", null),
        ["read removed comment"] = (HttpMethod.Get, "/api/moderation/comments/{0}", null),
        ["lock thread"] = (HttpMethod.Post, "/api/moderation/threads/{0}/lock", new { reason = "r" }),
        ["unlock thread"] = (HttpMethod.Post, "/api/moderation/threads/{0}/unlock", null),
        ["remove thread"] = (HttpMethod.Post, "/api/moderation/threads/{0}/remove", new { reason = "r" }),
        ["restore thread"] = (HttpMethod.Post, "/api/moderation/threads/{0}/restore", null),
        ["edit thread"] = (HttpMethod.Put, "/api/moderation/threads/{0}", new { title = "A fine title", body = "A fine body." }),
        ["suspend"] = (HttpMethod.Post, "/api/moderation/users/{0}/suspend", new { until = (DateTime?)null, reason = "r", removeComments = "none" }),
        ["unsuspend"] = (HttpMethod.Post, "/api/moderation/users/{0}/unsuspend", null),
        ["resolve report"] = (HttpMethod.Post, "/api/moderation/reports/{0}/resolve", new { action = "dismiss", reason = "r" }),
        ["report comment"] = (HttpMethod.Post, "/api/comments/{0}/reports", new { reason = "r" }),
        ["change roles"] = (HttpMethod.Post, "/api/admin/users/{0}/roles", new { role = "moderator", grant = true }),
    };

    private Task<ApiResponse> CallAsync(string route, string id)
    {
        var (method, url, body) = Routes[route];
        return Forum.SendAsync(method, string.Format(System.Globalization.CultureInfo.InvariantCulture, url, id), Forum.Admin, body);
    }
}
