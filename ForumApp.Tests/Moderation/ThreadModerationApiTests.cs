using System.Net;

namespace ForumApp.Tests.Moderation;

/// <summary>Locking, removing and editing threads through the API, seen in the public reads and the log.</summary>
[Collection(ModerationApiTest.Collection)]
public sealed class ThreadModerationApiTests(ModerationForum forum) : ModerationApiTest(forum)
{
    [Fact]
    public async Task LockedThreadRefusesCommentsAndEditsUntilItIsUnlocked()
    {
        var author = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(author);
        var commentId = await Forum.CommentAsync(author, threadId, "before the lock");
        var lastSeq = await LastSeqAsync(threadId);

        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/lock", Moderator, new { reason = "Cooling off" })).Expect(HttpStatusCode.NoContent);

        Assert.True((await ThreadAsync(threadId)).GetProperty("locked").GetBoolean());
        Assert.True((await Forum.GetAsync("/api/threads")).Expect(HttpStatusCode.OK).EnumerateArray()
            .Single(t => t.GetProperty("id").GetInt64() == threadId).GetProperty("locked").GetBoolean());
        (await Forum.PostAsync($"/api/threads/{threadId}/comments", author, new { parentId = (long?)null, body = "let me in" })).Expect(HttpStatusCode.Conflict);
        (await Forum.SendAsync(HttpMethod.Put, $"/api/threads/{threadId}/comments/{commentId}", author, new { body = "changed" })).Expect(HttpStatusCode.Conflict);
        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/lock", Moderator, new { reason = "again" })).Expect(HttpStatusCode.Conflict);
        var locked = Assert.Single(await EventsAsync(threadId, lastSeq));
        Assert.Equal("locked", locked.GetProperty("kind").GetString());
        ApiJson.AssertNull(locked, "comment");
        var lockEntry = Assert.Single(await LogAsync($"thread={threadId}"));
        Assert.Equal(("lock-thread", "thread", threadId, "Cooling off", author.DisplayName), LogSummary(lockEntry));
        Assert.Equal(["before the lock"], (await ThreadAsync(threadId)).GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("body").GetString()));

        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/unlock", Moderator)).Expect(HttpStatusCode.NoContent);

        Assert.False((await ThreadAsync(threadId)).GetProperty("locked").GetBoolean());
        var unlocked = Assert.Single(await EventsAsync(threadId, lastSeq + 1));
        Assert.Equal("unlocked", unlocked.GetProperty("kind").GetString());
        ApiJson.AssertNull(unlocked, "comment");
        Assert.Single(await LogAsync($"thread={threadId}&action=unlock-thread"));
        await Forum.CommentAsync(author, threadId, "after the lock");
        (await Forum.SendAsync(HttpMethod.Put, $"/api/threads/{threadId}/comments/{commentId}", author, new { body = "changed" })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RemovedThreadIsNotFoundUntilRestored()
    {
        var author = await Forum.RegisterAsync();
        var title = $"Soon gone {Guid.NewGuid():N}";
        var threadId = await Forum.StartThreadAsync(author, title);
        await Forum.CommentAsync(author, threadId, "a comment");

        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/remove", Moderator, new { reason = "Spam thread" })).Expect(HttpStatusCode.NoContent);

        (await Forum.GetAsync($"/api/threads/{threadId}")).Expect(HttpStatusCode.NotFound);
        (await Forum.GetAsync($"/api/threads/{threadId}/events?after=0")).Expect(HttpStatusCode.NotFound);
        Assert.DoesNotContain(threadId, (await Forum.GetAsync("/api/threads")).Json.EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
        (await Forum.PostAsync($"/api/threads/{threadId}/comments", author, new { parentId = (long?)null, body = "anyone?" })).Expect(HttpStatusCode.NotFound);
        var entry = Assert.Single(await LogAsync($"thread={threadId}"));
        Assert.Equal(("remove-thread", "thread", threadId, "Spam thread", author.DisplayName), LogSummary(entry));
        Assert.Contains(title, entry.GetProperty("removedText").GetString(), StringComparison.Ordinal);

        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/restore", Moderator)).Expect(HttpStatusCode.NoContent);

        Assert.Equal(title, (await ThreadAsync(threadId)).GetProperty("title").GetString());
        Assert.Single(await LogAsync($"thread={threadId}&action=restore-thread"));
    }

    [Fact]
    public async Task ModeratorEditChangesTheThreadTitleAndBodyAndLogsTheOldWords()
    {
        var author = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(author, "Original title here");

        (await Forum.SendAsync(HttpMethod.Put, $"/api/moderation/threads/{threadId}", Moderator, new { title = "A better title", body = "A *calmer* body." }))
            .Expect(HttpStatusCode.NoContent);

        var thread = await ThreadAsync(threadId);
        Assert.Equal("A better title", thread.GetProperty("title").GetString());
        Assert.Equal("a-better-title", thread.GetProperty("slug").GetString());
        Assert.Equal("A *calmer* body.", thread.GetProperty("body").GetString());
        Assert.Contains("<em>calmer</em>", thread.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        var entry = Assert.Single(await LogAsync($"thread={threadId}"));
        Assert.Equal("edit-thread", entry.GetProperty("action").GetString());
        Assert.Equal("Original title here\n\nSomething to talk about.", entry.GetProperty("removedText").GetString());

        (await Forum.SendAsync(HttpMethod.Put, $"/api/moderation/threads/{threadId}", Moderator, new { title = "  ", body = "x" })).ExpectFieldError("title");
        Assert.Equal("A better title", (await ThreadAsync(threadId)).GetProperty("title").GetString());
    }
}
