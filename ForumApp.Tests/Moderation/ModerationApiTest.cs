using System.Net;
using System.Text.Json;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Moderation;

/// <summary>
/// Every moderator action through the HTTP API with bearer tokens, checked where it shows: the public reads,
/// the thread's events, the moderation log and the database. The API test classes share one forum, in turn,
/// as they did when they were one class, and read it through these helpers.
/// </summary>
public abstract class ModerationApiTest(ModerationForum forum)
{
    public const string Collection = "Moderation API";

    protected const long UnknownId = 987_654_321;

    protected static readonly string[] ReportFields = ["id", "commentId", "threadId", "reporter", "reason", "createdAt", "status"];

    protected static readonly string[] LogFields =
        ["id", "at", "moderator", "action", "targetType", "targetId", "member", "threadId", "reason", "removedText"];

    protected ModerationForum Forum { get; } = forum;

    protected ApiMember Moderator => Forum.Moderator;

    protected async Task<(ApiMember Member, ApiMember Other, long Here, long Elsewhere, long[] Mine, long[] Others, long MineElsewhere)> TwoThreadsWithCommentsAsync()
    {
        var member = await Forum.RegisterAsync();
        var other = await Forum.RegisterAsync();
        var here = await Forum.StartThreadAsync(other);
        var elsewhere = await Forum.StartThreadAsync(other);
        var othersTop = await Forum.CommentAsync(other, here, "other's top");
        var mine1 = await Forum.CommentAsync(member, here, "mine 1", othersTop);
        var othersReply = await Forum.CommentAsync(other, here, "other's reply to mine", mine1);
        var mine2 = await Forum.CommentAsync(member, here, "mine 2");
        var mineElsewhere = await Forum.CommentAsync(member, elsewhere, "elsewhere");
        return (member, other, here, elsewhere, [mine1, mine2], [othersTop, othersReply], mineElsewhere);
    }

    protected async Task<long> ReportAsync(ApiMember reporter, long commentId, string reason) =>
        (await Forum.PostAsync($"/api/comments/{commentId}/reports", reporter, new { reason })).Expect(HttpStatusCode.Created).GetProperty("id").GetInt64();

    protected async Task<JsonElement> ThreadAsync(long threadId) =>
        (await Forum.GetAsync($"/api/threads/{threadId}")).Expect(HttpStatusCode.OK);

    protected static JsonElement CommentIn(JsonElement thread, long commentId) =>
        Assert.Single(thread.GetProperty("comments").EnumerateArray(), c => c.GetProperty("id").GetInt64() == commentId);

    protected async Task<List<JsonElement>> EventsAsync(long threadId, long after) =>
        [.. (await Forum.GetAsync($"/api/threads/{threadId}/events?after={after}")).Expect(HttpStatusCode.OK).EnumerateArray()];

    protected async Task<long> LastSeqAsync(long threadId) => (await ThreadAsync(threadId)).GetProperty("lastSeq").GetInt64();

    protected async Task<int> CommentCountAsync(long threadId) =>
        (await Forum.GetAsync("/api/threads")).Expect(HttpStatusCode.OK).EnumerateArray()
            .Single(t => t.GetProperty("id").GetInt64() == threadId).GetProperty("commentCount").GetInt32();

    protected async Task<List<JsonElement>> LogAsync(string query) =>
        [.. (await Forum.GetAsync($"/api/moderation/log?{query}", Moderator)).Expect(HttpStatusCode.OK).EnumerateArray()];

    protected static (string?, string?, long, string?, string?) LogSummary(JsonElement entry) => (
        entry.GetProperty("action").GetString(),
        entry.GetProperty("targetType").GetString(),
        entry.GetProperty("targetId").GetInt64(),
        entry.GetProperty("reason").GetString(),
        entry.GetProperty("member").GetString());

    protected Task<List<string>> RolesOfAsync(long memberId) => Forum.ReadAsync(db =>
        (from userRole in db.UserRoles
         join role in db.Roles on userRole.RoleId equals role.Id
         where userRole.UserId == memberId
         select role.Name!).ToListAsync());
}

[CollectionDefinition(ModerationApiTest.Collection)]
public sealed class ModerationApiCollection : ICollectionFixture<ModerationForum>;
