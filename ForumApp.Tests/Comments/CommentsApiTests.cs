using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Features.Threads;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Comments;

/// <summary>Writing through the public HTTP API: comments and new threads, with bearer-token members.</summary>
public sealed class CommentsApiTests(CommentsApiFixture forum) : IClassFixture<CommentsApiFixture>
{
    private static readonly string[] _postedCommentFields = [.. ApiJson.CommentFields, "seq"];

    [Fact]
    public async Task PostAnswers201WithTheWholeCommentObjectAndItsSeq()
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();

        using var response = await alice.Client.PostAsJsonAsync(
            $"/api/threads/{threadId}/comments", new { parentId = (long?)null, body = "Hello **world**", clientRequestId = "api-1" });

        var comment = await ApiJson.ExpectAsync(response, HttpStatusCode.Created);
        ApiJson.AssertHasFields(comment, _postedCommentFields, "posted comment");
        var id = comment.GetProperty("id").GetInt64();
        Assert.Equal($"/api/threads/{threadId}/comments/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(threadId, comment.GetProperty("threadId").GetInt64());
        ApiJson.AssertNull(comment, "parentId");
        Assert.Equal(0, comment.GetProperty("depth").GetInt32());
        Assert.Equal(alice.DisplayName, comment.GetProperty("author").GetString());
        Assert.Equal(alice.Id, comment.GetProperty("authorId").GetInt64());
        Assert.Equal("Hello **world**", comment.GetProperty("body").GetString());
        Assert.Equal("<p>Hello <strong>world</strong></p>", comment.GetProperty("bodyHtml").GetString()?.Trim());
        ApiJson.GetUtc(comment, "createdAt");
        ApiJson.AssertNull(comment, "editedAt");
        Assert.False(comment.GetProperty("deleted").GetBoolean());
        ApiJson.AssertNull(comment, "deletedBy");
        ApiJson.AssertNull(comment, "reason");
        Assert.Equal(0, comment.GetProperty("replyCount").GetInt32());
        Assert.Equal(JsonValueKind.Number, comment.GetProperty("seq").ValueKind);
        Assert.Equal(1, comment.GetProperty("seq").GetInt64());

        var reply = await alice.PostCommentAsync(threadId, "A reply", parentId: id);
        Assert.Equal((id, 1, 2L), (reply.GetProperty("parentId").GetInt64(), reply.GetProperty("depth").GetInt32(), reply.GetProperty("seq").GetInt64()));

        var thread = await alice.Client.GetJsonAsync($"/api/threads/{threadId}");
        var read = thread.GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal([id, reply.GetProperty("id").GetInt64()], read.Select(c => c.GetProperty("id").GetInt64()));
        Assert.Equal(1, read[0].GetProperty("replyCount").GetInt32());
        Assert.Equal(ApiJson.GetUtc(comment, "createdAt"), ApiJson.GetUtc(read[0], "createdAt"));
        Assert.Equal(2, thread.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task RepeatedClientRequestIdAnswers200WithTheOriginalComment()
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();
        var first = await alice.PostCommentAsync(threadId, "only once", clientRequestId: "retry-7");

        using var again = await alice.Client.PostAsJsonAsync(
            $"/api/threads/{threadId}/comments", new { parentId = (long?)null, body = "only once, again", clientRequestId = "retry-7" });

        var replay = await ApiJson.ExpectAsync(again, HttpStatusCode.OK);
        ApiJson.AssertHasFields(replay, _postedCommentFields, "replayed comment");
        Assert.Equal(first.GetProperty("id").GetInt64(), replay.GetProperty("id").GetInt64());
        Assert.Equal(first.GetProperty("seq").GetInt64(), replay.GetProperty("seq").GetInt64());
        Assert.Equal("only once", replay.GetProperty("body").GetString());
        var thread = await alice.Client.GetJsonAsync($"/api/threads/{threadId}");
        Assert.Single(thread.GetProperty("comments").EnumerateArray());
        Assert.Equal(1, thread.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task AuthorEditAnswers200WithEditedAt()
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();
        var id = (await alice.PostCommentAsync(threadId, "frist")).GetProperty("id").GetInt64();

        using var response = await alice.Client.PutAsJsonAsync($"/api/threads/{threadId}/comments/{id}", new { body = "first, *properly*" });

        var edited = await ApiJson.ExpectAsync(response, HttpStatusCode.OK);
        ApiJson.AssertHasFields(edited, ApiJson.CommentFields, "edited comment");
        Assert.Equal(id, edited.GetProperty("id").GetInt64());
        Assert.Equal("first, *properly*", edited.GetProperty("body").GetString());
        Assert.Equal("<p>first, <em>properly</em></p>", edited.GetProperty("bodyHtml").GetString()?.Trim());
        var editedAt = ApiJson.GetUtc(edited, "editedAt");
        Assert.True(editedAt >= ApiJson.GetUtc(edited, "createdAt"));

        var read = Assert.Single((await alice.Client.GetJsonAsync($"/api/threads/{threadId}")).GetProperty("comments").EnumerateArray());
        Assert.Equal("first, *properly*", read.GetProperty("body").GetString());
        Assert.Equal(editedAt, ApiJson.GetUtc(read, "editedAt"));
    }

    [Fact]
    public async Task AnotherMemberCannotEditOrDeleteAndTheCommentStaysAsItWas()
    {
        using var alice = await RegisterAsync();
        using var mallory = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();
        var id = (await alice.PostCommentAsync(threadId, "alice's words")).GetProperty("id").GetInt64();

        using var edit = await mallory.Client.PutAsJsonAsync($"/api/threads/{threadId}/comments/{id}", new { body = "mallory's words" });
        using var delete = await mallory.Client.DeleteAsync($"/api/threads/{threadId}/comments/{id}");

        await AssertProblemAsync(edit, HttpStatusCode.Forbidden);
        await AssertProblemAsync(delete, HttpStatusCode.Forbidden);
        var thread = await alice.Client.GetJsonAsync($"/api/threads/{threadId}");
        var read = Assert.Single(thread.GetProperty("comments").EnumerateArray());
        Assert.Equal("alice's words", read.GetProperty("body").GetString());
        Assert.False(read.GetProperty("deleted").GetBoolean());
        ApiJson.AssertNull(read, "editedAt");
        Assert.Equal(1, thread.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task AuthorDeleteAnswers204AndTheCommentLeavesTheThread()
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();
        var keep = (await alice.PostCommentAsync(threadId, "keep")).GetProperty("id").GetInt64();
        var drop = (await alice.PostCommentAsync(threadId, "drop")).GetProperty("id").GetInt64();

        using var response = await alice.Client.DeleteAsync($"/api/threads/{threadId}/comments/{drop}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var thread = await alice.Client.GetJsonAsync($"/api/threads/{threadId}");
        Assert.Equal([keep], thread.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        Assert.Equal(3, thread.GetProperty("lastSeq").GetInt64());

        using var twice = await alice.Client.DeleteAsync($"/api/threads/{threadId}/comments/{drop}");
        await AssertProblemAsync(twice, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CallsWithoutATokenGet401ProblemsAndChangeNothing()
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();
        var id = (await alice.PostCommentAsync(threadId, "signed in")).GetProperty("id").GetInt64();
        using var anonymous = forum.App.CreateClient();

        using var post = await anonymous.PostAsJsonAsync($"/api/threads/{threadId}/comments", new { parentId = (long?)null, body = "who am I" });
        using var edit = await anonymous.PutAsJsonAsync($"/api/threads/{threadId}/comments/{id}", new { body = "who am I" });
        using var delete = await anonymous.DeleteAsync($"/api/threads/{threadId}/comments/{id}");
        using var newThread = await anonymous.PostAsJsonAsync("/api/threads", new { title = "Anonymous thread", body = "who am I" });

        foreach (var response in new[] { post, edit, delete, newThread })
        {
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        }

        var thread = await anonymous.GetJsonAsync($"/api/threads/{threadId}");
        var read = Assert.Single(thread.GetProperty("comments").EnumerateArray());
        Assert.Equal(("signed in", false), (read.GetProperty("body").GetString(), read.GetProperty("deleted").GetBoolean()));
        Assert.Equal(1, thread.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task ABearerTokenThatIsNotValidIsTreatedAsSignedOut()
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();
        using var forged = forum.App.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");

        using var post = await forged.PostAsJsonAsync($"/api/threads/{threadId}/comments", new { parentId = (long?)null, body = "sneaky" });

        await AssertProblemAsync(post, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public async Task MalformedIdsAre400WithFieldErrors(string malformed)
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();
        var id = (await alice.PostCommentAsync(threadId, "target")).GetProperty("id").GetInt64();

        using var postToBadThread = await alice.Client.PostAsJsonAsync($"/api/threads/{malformed}/comments", new { parentId = (long?)null, body = "x" });
        using var editBadThread = await alice.Client.PutAsJsonAsync($"/api/threads/{malformed}/comments/{id}", new { body = "x" });
        using var editBadComment = await alice.Client.PutAsJsonAsync($"/api/threads/{threadId}/comments/{malformed}", new { body = "x" });
        using var deleteBadThread = await alice.Client.DeleteAsync($"/api/threads/{malformed}/comments/{id}");
        using var deleteBadComment = await alice.Client.DeleteAsync($"/api/threads/{threadId}/comments/{malformed}");

        await AssertFieldErrorAsync(postToBadThread, "id");
        await AssertFieldErrorAsync(editBadThread, "id");
        await AssertFieldErrorAsync(editBadComment, "commentId");
        await AssertFieldErrorAsync(deleteBadThread, "id");
        await AssertFieldErrorAsync(deleteBadComment, "commentId");
        var read = Assert.Single((await alice.Client.GetJsonAsync($"/api/threads/{threadId}")).GetProperty("comments").EnumerateArray());
        Assert.Equal("target", read.GetProperty("body").GetString());
    }

    [Fact]
    public async Task UnknownThreadOrCommentIs404()
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();
        const long unknown = 987_654_321;

        using var post = await alice.Client.PostAsJsonAsync($"/api/threads/{unknown}/comments", new { parentId = (long?)null, body = "hello?" });
        using var edit = await alice.Client.PutAsJsonAsync($"/api/threads/{threadId}/comments/{unknown}", new { body = "hello?" });
        using var delete = await alice.Client.DeleteAsync($"/api/threads/{threadId}/comments/{unknown}");

        await AssertProblemAsync(post, HttpStatusCode.NotFound);
        await AssertProblemAsync(edit, HttpStatusCode.NotFound);
        await AssertProblemAsync(delete, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CommentAddressedThroughAnotherThreadIs404()
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();
        var otherThreadId = await alice.StartThreadAsync("Another thread for testing comments");
        var id = (await alice.PostCommentAsync(threadId, "lives here")).GetProperty("id").GetInt64();

        using var edit = await alice.Client.PutAsJsonAsync($"/api/threads/{otherThreadId}/comments/{id}", new { body = "moved" });
        using var delete = await alice.Client.DeleteAsync($"/api/threads/{otherThreadId}/comments/{id}");

        await AssertProblemAsync(edit, HttpStatusCode.NotFound);
        await AssertProblemAsync(delete, HttpStatusCode.NotFound);
        var read = Assert.Single((await alice.Client.GetJsonAsync($"/api/threads/{threadId}")).GetProperty("comments").EnumerateArray());
        Assert.Equal(("lives here", false), (read.GetProperty("body").GetString(), read.GetProperty("deleted").GetBoolean()));
    }

    [Fact]
    public async Task ParentFromAnotherThreadIs400OnParentId()
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();
        var otherThreadId = await alice.StartThreadAsync("Another thread for testing comments");
        var elsewhere = (await alice.PostCommentAsync(otherThreadId, "elsewhere")).GetProperty("id").GetInt64();

        using var response = await alice.Client.PostAsJsonAsync($"/api/threads/{threadId}/comments", new { parentId = elsewhere, body = "cross" });

        await AssertFieldErrorAsync(response, "parentId");
        Assert.Empty((await alice.Client.GetJsonAsync($"/api/threads/{threadId}")).GetProperty("comments").EnumerateArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u200B\uFEFF")]
    [InlineData("nul \0 inside")]
    public async Task InvalidBodyIs400OnBody(string body)
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();

        using var response = await alice.Client.PostAsJsonAsync($"/api/threads/{threadId}/comments", new { parentId = (long?)null, body });

        await AssertFieldErrorAsync(response, "body");
        Assert.Empty((await alice.Client.GetJsonAsync($"/api/threads/{threadId}")).GetProperty("comments").EnumerateArray());
    }

    [Fact]
    public async Task PostingInALockedThreadOrUnderADeletedCommentIs409()
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();
        var gone = (await alice.PostCommentAsync(threadId, "gone soon")).GetProperty("id").GetInt64();
        using (var deleted = await alice.Client.DeleteAsync($"/api/threads/{threadId}/comments/{gone}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var underDeleted = await alice.Client.PostAsJsonAsync($"/api/threads/{threadId}/comments", new { parentId = gone, body = "reply" });
        await AssertProblemAsync(underDeleted, HttpStatusCode.Conflict);

        await forum.SetLockedAsync(threadId, locked: true);
        using var inLocked = await alice.Client.PostAsJsonAsync($"/api/threads/{threadId}/comments", new { parentId = (long?)null, body = "late" });
        var problem = await AssertProblemAsync(inLocked, HttpStatusCode.Conflict);
        Assert.Contains("locked", problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await alice.Client.GetJsonAsync($"/api/threads/{threadId}")).GetProperty("comments").EnumerateArray());
    }

    [Fact]
    public async Task PostingTooFastIs429WithRetryAfter()
    {
        var app = new ForumAppFactory().WithHighLimits()
            .WithSetting("Forum:RateLimits:CommentsPerMinute", "2")
            .WithSetting("Forum:RateLimits:NewAccountCommentsPerMinute", "2");
        try
        {
            using var alice = await ApiMember.RegisterAsync(app);
            var threadId = await alice.StartThreadAsync();
            await alice.PostCommentAsync(threadId, "one");
            await alice.PostCommentAsync(threadId, "two");

            using var response = await alice.Client.PostAsJsonAsync($"/api/threads/{threadId}/comments", new { parentId = (long?)null, body = "three" });

            var problem = await AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
            Assert.Contains("Try again in", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.True(response.Headers.TryGetValues("Retry-After", out var values), "429 without a Retry-After header");
            Assert.True(int.TryParse(Assert.Single(values), out var seconds) && seconds > 0, $"Retry-After was '{string.Join(",", values)}'");
            Assert.Equal(2, (await alice.Client.GetJsonAsync($"/api/threads/{threadId}")).GetProperty("comments").GetArrayLength());
        }
        finally
        {
            await app.DisposeAsync();
            TestFolders.TryDelete(app.DataFolder);
        }
    }

    [Fact]
    public async Task CreatingAThreadAnswers201AndTheThreadIsListed()
    {
        using var alice = await RegisterAsync();
        const string title = "What makes a good forum thread?";

        using var response = await alice.Client.PostAsJsonAsync("/api/threads", new { title, body = "Share *your* thoughts." });

        var created = await ApiJson.ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal(["id", "title", "slug", "url"], created.EnumerateObject().Select(p => p.Name));
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal(title, created.GetProperty("title").GetString());
        Assert.Equal(Slug.FromTitle(title), created.GetProperty("slug").GetString());
        Assert.Equal($"/t/{id}/{Slug.FromTitle(title)}", created.GetProperty("url").GetString());
        Assert.Equal(created.GetProperty("url").GetString(), response.Headers.Location?.OriginalString);

        var listed = (await alice.Client.GetJsonAsync("/api/threads")).EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == id);
        ApiJson.AssertHasFields(listed, ApiJson.ThreadSummaryFields, "thread summary");
        Assert.Equal(title, listed.GetProperty("title").GetString());
        Assert.Equal(alice.DisplayName, listed.GetProperty("author").GetString());
        Assert.Equal(0, listed.GetProperty("commentCount").GetInt32());
        Assert.False(listed.GetProperty("locked").GetBoolean());

        var detail = await alice.Client.GetJsonAsync($"/api/threads/{id}");
        Assert.Equal("Share *your* thoughts.", detail.GetProperty("body").GetString());
        Assert.Equal("<p>Share <em>your</em> thoughts.</p>", detail.GetProperty("bodyHtml").GetString()?.Trim());
        Assert.Equal(0, detail.GetProperty("lastSeq").GetInt64());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Hey")]
    public async Task ThreadWithoutAProperTitleIs400OnTitle(string? title)
    {
        using var alice = await RegisterAsync();
        var before = (await alice.Client.GetJsonAsync("/api/threads")).GetArrayLength();

        using var response = await alice.Client.PostAsJsonAsync("/api/threads", new { title, body = "A body." });

        await AssertFieldErrorAsync(response, "title");
        Assert.Equal(before, (await alice.Client.GetJsonAsync("/api/threads")).GetArrayLength());
    }

    [Fact]
    public async Task CommentOfDeeplyNestedQuotesIsAnsweredNotAServerError()
    {
        using var alice = await RegisterAsync();
        var threadId = await alice.StartThreadAsync();
        var nested = string.Concat(Enumerable.Repeat("> ", 200)) + "deep";

        using var response = await alice.Client.PostAsJsonAsync($"/api/threads/{threadId}/comments", new { parentId = (long?)null, body = nested });

        Assert.True(
            response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest,
            $"posting a {nested.Length}-character comment answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task ThreadOfDeeplyNestedQuotesIsAnsweredNotAServerError()
    {
        using var alice = await RegisterAsync();
        var nested = string.Concat(Enumerable.Repeat("> ", 200)) + "deep";

        using var response = await alice.Client.PostAsJsonAsync("/api/threads", new { title = "Nested quotes all the way down", body = nested });

        Assert.True(
            response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest,
            $"starting a thread with a {nested.Length}-character body answered {(int)response.StatusCode}");
    }

    private Task<ApiMember> RegisterAsync() => ApiMember.RegisterAsync(forum.App);

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await ApiJson.ExpectAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}': {problem.GetRawText()}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }
}
