using System.Net;
using System.Text.Json;
using ForumApp.Tests.Moderation;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Threads;

/// <summary>Read marks, unread counts, list pages and pins over HTTP with bearer tokens: shapes and status codes.</summary>
[Collection(ModerationApiTest.Collection)]
public sealed class UnreadApiTests(ModerationForum forum) : ModerationApiTest(forum)
{
    [Fact]
    public async Task MarkingReadLowersTheCallersUnreadCountOnly()
    {
        var reader = await Forum.RegisterAsync();
        var writer = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(writer);
        await Forum.CommentAsync(writer, threadId, "one");
        await Forum.CommentAsync(writer, threadId, "two");
        await Forum.CommentAsync(reader, threadId, "mine");

        Assert.Equal(2, UnreadIn(await ListAsync(reader), threadId));
        (await Forum.PostAsync($"/api/threads/{threadId}/read", reader, new { seq = 1 })).Expect(HttpStatusCode.NoContent);
        Assert.Equal(1, UnreadIn(await ListAsync(reader), threadId));

        // A late, lower mark is accepted and changes nothing.
        (await Forum.PostAsync($"/api/threads/{threadId}/read", reader, new { seq = 3 })).Expect(HttpStatusCode.NoContent);
        (await Forum.PostAsync($"/api/threads/{threadId}/read", reader, new { seq = 0 })).Expect(HttpStatusCode.NoContent);
        Assert.Equal(0, UnreadIn(await ListAsync(reader), threadId));

        Assert.Equal(1, UnreadIn(await ListAsync(writer), threadId));
        var anonymous = Row(await ListAsync(null), threadId);
        ApiJson.AssertHasFields(anonymous, ApiJson.ThreadSummaryFields, "thread summary");
        ApiJson.AssertNull(anonymous, "unreadCount");
    }

    [Fact]
    public async Task MarkingReadRefusesWithTheContractsStatuses()
    {
        var reader = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(reader);
        await Forum.CommentAsync(reader, threadId, "one");

        (await Forum.PostAsync($"/api/threads/{threadId}/read", null, new { seq = 1 })).Expect(HttpStatusCode.Unauthorized);
        (await Forum.PostAsync($"/api/threads/{UnknownId}/read", reader, new { seq = 0 })).Expect(HttpStatusCode.NotFound);
        (await Forum.PostAsync($"/api/threads/{threadId}/read", reader, new { seq = 2 })).ExpectFieldError("seq");
        (await Forum.PostAsync($"/api/threads/{threadId}/read", reader, new { seq = -1 })).ExpectFieldError("seq");
        (await Forum.PostAsync($"/api/threads/{threadId}/read", reader, new { })).ExpectFieldError("seq");
        (await Forum.PostAsync("/api/threads/abc/read", reader, new { seq = 0 })).ExpectFieldError("id");
    }

    [Fact]
    public async Task PagesCarryItemsAndAnOpaqueCursorWithPinnedThreadsFirst()
    {
        var author = await Forum.RegisterAsync();
        var older = await Forum.StartThreadAsync(author);
        var pinned = await Forum.StartThreadAsync(author);
        await Forum.StartThreadAsync(author);
        (await Forum.PostAsync($"/api/moderation/threads/{pinned}/pin", Moderator)).Expect(HttpStatusCode.NoContent);
        Forum.Clock.Advance(TimeSpan.FromSeconds(1));
        (await Forum.PostAsync($"/api/moderation/threads/{older}/pin", Moderator)).Expect(HttpStatusCode.NoContent);
        try
        {
            var first = (await Forum.GetAsync("/api/threads?limit=1", author)).Expect(HttpStatusCode.OK);
            ApiJson.AssertHasFields(first, ["items", "nextCursor"], "thread page");
            var top = Assert.Single(first.GetProperty("items").EnumerateArray());
            Assert.Equal((older, true, 0), (top.GetProperty("id").GetInt64(), top.GetProperty("pinned").GetBoolean(), top.GetProperty("unreadCount").GetInt32()));

            var cursor = Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!);
            var second = (await Forum.GetAsync($"/api/threads?limit=1&cursor={cursor}")).Expect(HttpStatusCode.OK);
            Assert.Equal(pinned, Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
            Assert.Equal([older, pinned], (await ListAsync(null)).EnumerateArray().Take(2).Select(t => t.GetProperty("id").GetInt64()));

            (await Forum.GetAsync("/api/threads?limit=0")).ExpectFieldError("limit");
            (await Forum.GetAsync("/api/threads?limit=many")).ExpectFieldError("limit");
            (await Forum.GetAsync("/api/threads?limit=5&cursor=bogus")).ExpectFieldError("cursor");
        }
        finally
        {
            // The collection's other tests read the list as it was: pins would put these threads first for them.
            (await Forum.PostAsync($"/api/moderation/threads/{pinned}/unpin", Moderator)).Expect(HttpStatusCode.NoContent);
            (await Forum.PostAsync($"/api/moderation/threads/{older}/unpin", Moderator)).Expect(HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task PinningIsLoggedAndFollowsTheModerationStatuses()
    {
        var author = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(author);

        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/pin", author)).Expect(HttpStatusCode.Forbidden);
        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/pin", null)).Expect(HttpStatusCode.Unauthorized);
        (await Forum.PostAsync($"/api/moderation/threads/{UnknownId}/pin", Moderator)).Expect(HttpStatusCode.NotFound);
        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/unpin", Moderator)).Expect(HttpStatusCode.Conflict);
        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/pin", Moderator)).Expect(HttpStatusCode.NoContent);
        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/pin", Moderator)).Expect(HttpStatusCode.Conflict);
        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/unpin", Moderator)).Expect(HttpStatusCode.NoContent);

        Assert.Equal(["pin-thread", "unpin-thread"], (await LogAsync($"thread={threadId}")).Select(e => e.GetProperty("action").GetString()).Order());
        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/remove", Moderator, new { reason = "Spam" })).Expect(HttpStatusCode.NoContent);
        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/pin", Moderator)).Expect(HttpStatusCode.NotFound);
    }

    private async Task<JsonElement> ListAsync(ApiMember? caller) => (await Forum.GetAsync("/api/threads", caller)).Expect(HttpStatusCode.OK);

    private static JsonElement Row(JsonElement list, long threadId) => list.EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == threadId);

    private static int UnreadIn(JsonElement list, long threadId) => Row(list, threadId).GetProperty("unreadCount").GetInt32();
}
