using System.Net;
using System.Text.Json;
using ForumApp.Tests.Realtime;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Notifications;

/// <summary>The notification routes and the hub's <c>Notification</c> push, against the running app.</summary>
public sealed class NotificationsApiTests(LiveForumFixture forum) : IClassFixture<LiveForumFixture>
{
    private ForumApiClient Api => forum.Api;

    [Fact]
    public async Task ReplyArrivesWithTheContractsFieldsAndCanBeMarkedRead()
    {
        var (ann, bob, comment) = await AnnsCommentAsync();
        var reply = await Api.PostCommentAsync(bob, comment.ThreadId, "Here is *my* take.", comment.Id);

        var item = await Eventually.Until(async () => (await ListAsync(ann)).GetProperty("items"), items => items.GetArrayLength() == 1, "the reply is notified");
        var notification = item[0];
        Assert.Equal(
            ["id", "kind", "at", "read", "threadId", "commentId", "actor", "excerpt"],
            notification.EnumerateObject().Select(p => p.Name).Take(8));
        Assert.Equal("reply", notification.GetProperty("kind").GetString());
        Assert.EndsWith("Z", notification.GetProperty("at").GetString());
        Assert.False(notification.GetProperty("read").GetBoolean());
        Assert.Equal(comment.ThreadId, notification.GetProperty("threadId").GetInt64());
        Assert.Equal(reply.GetProperty("id").GetInt64(), notification.GetProperty("commentId").GetInt64());
        Assert.Equal(bob.DisplayName, notification.GetProperty("actor").GetString());
        Assert.Equal("Here is my take.", notification.GetProperty("excerpt").GetString());
        Assert.Equal(1, await UnreadCountAsync(ann));

        await Api.SendAsync(HttpMethod.Post, "/api/notifications/read", ann, new { ids = new[] { notification.GetProperty("id").GetInt64() } }, HttpStatusCode.NoContent);

        Assert.Equal(0, await UnreadCountAsync(ann));
        Assert.Equal(0, (await ListAsync(ann, "?unread=true")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task PagesGoNewestFirstAndEnd()
    {
        var (ann, bob, comment) = await AnnsCommentAsync();
        for (var i = 0; i < 3; i++)
        {
            await Api.PostCommentAsync(bob, comment.ThreadId, $"Reply {i}", comment.Id);
        }

        await Eventually.True(async () => await UnreadCountAsync(ann) == 3, "three replies are notified");
        var first = await ListAsync(ann, "?limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await ListAsync(ann, $"?limit=2&cursor={cursor}");

        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(n => n.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids.OrderByDescending(id => id), ids);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task MembersSeeAndMarkOnlyTheirOwn()
    {
        var (ann, bob, comment) = await AnnsCommentAsync();
        await Api.PostCommentAsync(bob, comment.ThreadId, "Reply", comment.Id);
        await Eventually.True(async () => await UnreadCountAsync(ann) == 1, "the reply is notified");
        var annsId = (await ListAsync(ann)).GetProperty("items")[0].GetProperty("id").GetInt64();

        await Api.SendAsync(HttpMethod.Post, "/api/notifications/read", bob, new { ids = new[] { annsId } }, HttpStatusCode.NoContent);
        await Api.SendAsync(HttpMethod.Post, "/api/notifications/read", bob, new { all = true }, HttpStatusCode.NoContent);

        Assert.Equal(0, (await ListAsync(bob)).GetProperty("items").GetArrayLength());
        Assert.Equal(1, await UnreadCountAsync(ann));
    }

    [Theory]
    [InlineData("GET", "/api/notifications")]
    [InlineData("GET", "/api/notifications/unread-count")]
    [InlineData("POST", "/api/notifications/read")]
    public async Task AnonymousCallersGetA401Problem(string method, string url)
    {
        var problem = await Api.SendAsync(new HttpMethod(method), url, null, method == "POST" ? new { all = true } : null, HttpStatusCode.Unauthorized);

        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?cursor=abc", "cursor")]
    [InlineData("?unread=maybe", "unread")]
    public async Task MalformedListQueriesAreFieldErrors(string query, string field)
    {
        var member = await Api.RegisterMemberAsync();

        var problem = await Api.SendAsync(HttpMethod.Get, $"/api/notifications{query}", member, null, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task MarkingReadNeedsIdsOrAll()
    {
        var member = await Api.RegisterMemberAsync();

        var problem = await Api.SendAsync(HttpMethod.Post, "/api/notifications/read", member, new { }, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("ids", out _), problem.ToString());
    }

    [Fact]
    public async Task HubPushesTheNotificationToTheRecipientsConnectionsOnly()
    {
        var (ann, bob, comment) = await AnnsCommentAsync();
        await using var annsHub = await forum.ConnectAsync(ann);
        await using var annsSecondHub = await forum.ConnectAsync(ann, ThreadsHubClient.TokenIn.Provider);
        await using var bobsHub = await forum.ConnectAsync(bob);

        var reply = await Api.PostCommentAsync(bob, comment.ThreadId, "Live reply", comment.Id);

        foreach (var connection in new[] { annsHub, annsSecondHub })
        {
            var pushed = await connection.NextNotificationAsync();
            Assert.Equal("reply", pushed.GetProperty("kind").GetString());
            Assert.Equal(reply.GetProperty("id").GetInt64(), pushed.GetProperty("commentId").GetInt64());
            Assert.Equal("Live reply", pushed.GetProperty("excerpt").GetString());
        }

        Assert.Null(await bobsHub.TryNextNotificationAsync(TimeSpan.FromMilliseconds(300)));
    }

    private async Task<(ApiMember Ann, ApiMember Bob, (long ThreadId, long Id) Comment)> AnnsCommentAsync()
    {
        var ann = await Api.RegisterMemberAsync();
        var bob = await Api.RegisterMemberAsync();
        var threadId = await Api.CreateThreadAsync(await Api.RegisterMemberAsync());
        var comment = await Api.PostCommentAsync(ann, threadId, "A comment worth answering.");
        return (ann, bob, (threadId, comment.GetProperty("id").GetInt64()));
    }

    private Task<JsonElement> ListAsync(ApiMember member, string query = "") =>
        Api.SendAsync(HttpMethod.Get, $"/api/notifications{query}", member, null, HttpStatusCode.OK);

    private async Task<int> UnreadCountAsync(ApiMember member) =>
        (await Api.SendAsync(HttpMethod.Get, "/api/notifications/unread-count", member, null, HttpStatusCode.OK)).GetProperty("count").GetInt32();
}
