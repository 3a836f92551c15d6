using System.Net;
using System.Text.Json;
using ForumApp.Features.Threads;
using ForumApp.Seeding;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Integration;

/// <summary>The read API against the real seed, checked field by field against the public contract.</summary>
public sealed class ThreadsApiTests(SeededForumFixture forum) : IClassFixture<SeededForumFixture>
{
    private const string RealSeedName = "000_f60541067d832028.txt";
    private const int SeedCommentCount = 19;

    private static readonly Lazy<SeedDocument> _seed = new(() => SeedParser.Parse(File.ReadAllText(RepoPaths.SeedFile(RealSeedName))));

    private string ThreadUrl => $"/api/threads/{forum.ThreadId}";

    [Fact]
    public async Task ListShowsTheSeedThreadWithEveryContractFieldInCamelCase()
    {
        var threads = await forum.GetJsonAsync("/api/threads");

        var thread = Assert.Single(threads.EnumerateArray());
        ApiJson.AssertHasFields(thread, ApiJson.ThreadSummaryFields, "thread summary");
        Assert.Equal(JsonValueKind.Number, thread.GetProperty("id").ValueKind);
        Assert.Equal(_seed.Value.Title, thread.GetProperty("title").GetString());
        Assert.Equal(Slug.FromTitle(_seed.Value.Title), thread.GetProperty("slug").GetString());
        Assert.Equal(SeedImporter.AnonymousAuthor, thread.GetProperty("author").GetString());
        Assert.Equal(SeedCommentCount, thread.GetProperty("commentCount").GetInt32());
        Assert.False(thread.GetProperty("locked").GetBoolean());

        var createdAt = ApiJson.GetUtc(thread, "createdAt");
        var lastActivityAt = ApiJson.GetUtc(thread, "lastActivityAt");
        var detail = await forum.GetJsonAsync(ThreadUrl);
        var newestComment = detail.GetProperty("comments").EnumerateArray().Max(c => ApiJson.GetUtc(c, "createdAt"));
        Assert.Equal(ApiJson.GetUtc(detail, "createdAt"), createdAt);
        Assert.Equal(newestComment, lastActivityAt);
    }

    [Fact]
    public async Task ThreadReadHasEveryContractFieldIncludingTheNullOnes()
    {
        var thread = await forum.GetJsonAsync(ThreadUrl);

        ApiJson.AssertHasFields(thread, ApiJson.ThreadDetailFields, "thread");
        Assert.Equal(forum.ThreadId, thread.GetProperty("id").GetInt64());
        Assert.Equal(_seed.Value.Title, thread.GetProperty("title").GetString());
        Assert.Equal(_seed.Value.Article, thread.GetProperty("body").GetString());
        Assert.StartsWith("<p>", thread.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal(SeedImporter.AnonymousAuthor, thread.GetProperty("author").GetString());
        Assert.False(thread.GetProperty("locked").GetBoolean());
        ApiJson.GetUtc(thread, "createdAt");
        Assert.Equal(SeedCommentCount, thread.GetProperty("lastSeq").GetInt64());
        ApiJson.AssertNull(thread, "nextCursor");

        var comments = thread.GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal(SeedCommentCount, comments.Count);
        Assert.All(comments, comment =>
        {
            ApiJson.AssertHasFields(comment, ApiJson.CommentFields, "comment");
            Assert.Equal(forum.ThreadId, comment.GetProperty("threadId").GetInt64());
            Assert.Equal(SeedImporter.AnonymousAuthor, comment.GetProperty("author").GetString());
            ApiJson.AssertNull(comment, "authorId");
            ApiJson.AssertNull(comment, "editedAt");
            ApiJson.AssertNull(comment, "deletedBy");
            ApiJson.AssertNull(comment, "reason");
            Assert.False(comment.GetProperty("deleted").GetBoolean());
            ApiJson.GetUtc(comment, "createdAt");
        });
    }

    [Fact]
    public async Task CommentsComeInTheSeedFilesDepthFirstOrderWithTheirTreePosition()
    {
        var expected = FlattenSeed(_seed.Value.Comments);

        var thread = await forum.GetJsonAsync(ThreadUrl);
        var comments = thread.GetProperty("comments").EnumerateArray().ToList();

        Assert.Equal(expected.Select(e => e.Comment.Body), comments.Select(c => c.GetProperty("body").GetString()));
        for (var index = 0; index < expected.Count; index++)
        {
            var (seed, parentIndex, depth) = expected[index];
            var comment = comments[index];
            long? expectedParentId = parentIndex is { } p ? comments[p].GetProperty("id").GetInt64() : null;
            Assert.Equal(expectedParentId, ApiJson.GetNullableInt64(comment, "parentId"));
            Assert.Equal(depth, comment.GetProperty("depth").GetInt32());
            Assert.Equal(seed.Replies.Count, comment.GetProperty("replyCount").GetInt32());
        }
    }

    [Fact]
    public async Task CommentsFollowTheDisplayOrderRule()
    {
        var thread = await forum.GetJsonAsync(ThreadUrl);
        var comments = thread.GetProperty("comments").EnumerateArray().ToList();

        Assert.Equal(
            ApiJson.InDisplayOrder(comments).Select(c => c.GetProperty("id").GetInt64()),
            comments.Select(c => c.GetProperty("id").GetInt64()));

        // Each reply comes straight after its parent or after the subtree of its previous sibling.
        for (var index = 0; index < comments.Count; index++)
        {
            var comment = comments[index];
            var depth = comment.GetProperty("depth").GetInt32();
            var parentId = ApiJson.GetNullableInt64(comment, "parentId");
            if (parentId is { } parent)
            {
                var nearestShallower = comments.Take(index).Last(c => c.GetProperty("depth").GetInt32() < depth);
                Assert.Equal(parent, nearestShallower.GetProperty("id").GetInt64());
                Assert.Equal(nearestShallower.GetProperty("depth").GetInt32() + 1, depth);
            }
            else
            {
                Assert.Equal(0, depth);
            }

            Assert.Equal(
                comments.Count(c => ApiJson.GetNullableInt64(c, "parentId") == comment.GetProperty("id").GetInt64()),
                comment.GetProperty("replyCount").GetInt32());
        }

        Assert.Equal(comments.Count, comments.Select(c => c.GetProperty("id").GetInt64()).Distinct().Count());
    }

    [Fact]
    public async Task SeedCommentsAreTimedAfterTheImportInFileOrder()
    {
        var thread = await forum.GetJsonAsync(ThreadUrl);
        var importedAt = ApiJson.GetUtc(thread, "createdAt");
        var times = thread.GetProperty("comments").EnumerateArray().Select(c => ApiJson.GetUtc(c, "createdAt")).ToList();

        Assert.All(times, time => Assert.Equal(DateTimeKind.Utc, time.Kind));
        Assert.True(times[0] > importedAt, $"The first comment ({times[0]:O}) is not after the import ({importedAt:O}).");
        for (var index = 1; index < times.Count; index++)
        {
            Assert.True(times[index] > times[index - 1], $"Comment {index} ({times[index]:O}) is not after comment {index - 1} ({times[index - 1]:O}).");
        }
    }

    [Fact]
    public async Task BodyHtmlIsTheFormattedBodyInParagraphs()
    {
        var thread = await forum.GetJsonAsync(ThreadUrl);

        Assert.All(thread.GetProperty("comments").EnumerateArray(), comment =>
        {
            var body = comment.GetProperty("body").GetString()!;
            var bodyHtml = comment.GetProperty("bodyHtml").GetString()!;
            Assert.StartsWith("<p>", bodyHtml, StringComparison.Ordinal);
            Assert.Equal(ForumApp.Features.Formatting.PlainTextFormatter.ToHtml(body), bodyHtml);
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public async Task PagingWalksTheSameOrderAsTheUnpagedRead(int limit)
    {
        var whole = await forum.GetJsonAsync(ThreadUrl);
        var expected = whole.GetProperty("comments").EnumerateArray().Select(c => c.GetRawText()).ToList();

        var walked = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"{ThreadUrl}?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await forum.GetJsonAsync(url);
            ApiJson.AssertHasFields(page, ApiJson.ThreadDetailFields, "thread page");
            var items = page.GetProperty("comments").EnumerateArray().Select(c => c.GetRawText()).ToList();
            Assert.InRange(items.Count, 1, limit);
            walked.AddRange(items);

            var next = page.GetProperty("nextCursor");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
            pages++;
            Assert.True(pages <= expected.Count, "Paging does not end.");
        }
        while (cursor is not null);

        Assert.Equal(expected, walked);
        Assert.Equal((expected.Count + limit - 1) / limit, pages);
    }

    [Theory]
    [InlineData("/api/threads/abc", "id")]
    [InlineData("/api/threads/0", "id")]
    [InlineData("/api/threads/-1", "id")]
    [InlineData("/api/threads/{thread}?limit=0", "limit")]
    [InlineData("/api/threads/{thread}?limit=abc", "limit")]
    [InlineData("/api/threads/{thread}?limit=100000", "limit")]
    [InlineData("/api/threads/{thread}?cursor=zzz", "cursor")]
    [InlineData("/api/threads/{thread}?limit=5&cursor=999999", "cursor")]
    [InlineData("/api/threads/abc/events?after=0", "id")]
    [InlineData("/api/threads/{thread}/events", "after")]
    [InlineData("/api/threads/{thread}/events?after=-1", "after")]
    [InlineData("/api/threads/{thread}/events?after=abc", "after")]
    public async Task MalformedRequestGetsAValidationProblemKeyedByTheField(string url, string field)
    {
        using var response = await forum.Client.GetAsync(url.Replace("{thread}", forum.ThreadId.ToString(), StringComparison.Ordinal));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No 'errors' in {problem.GetRawText()}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}' in {errors.GetRawText()}");
        Assert.NotEmpty(messages.EnumerateArray());
    }

    [Theory]
    [InlineData("/api/threads/999999")]
    [InlineData("/api/threads/999999/events?after=0")]
    public async Task UnknownThreadIsANotFoundProblem(string url)
    {
        using var response = await forum.Client.GetAsync(url);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EventsFromZeroArePostedEventsForEverySeedCommentWithoutGaps()
    {
        var thread = await forum.GetJsonAsync(ThreadUrl);
        var commentsById = thread.GetProperty("comments").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetInt64(), c => c.GetRawText());

        var events = (await forum.GetJsonAsync($"{ThreadUrl}/events?after=0")).EnumerateArray().ToList();

        Assert.Equal(SeedCommentCount, events.Count);
        Assert.Equal(Enumerable.Range(1, SeedCommentCount).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.All(events, threadEvent =>
        {
            ApiJson.AssertHasFields(threadEvent, ApiJson.ThreadEventFields, "thread event");
            Assert.Equal(forum.ThreadId, threadEvent.GetProperty("threadId").GetInt64());
            Assert.Equal("posted", threadEvent.GetProperty("kind").GetString());
            ApiJson.GetUtc(threadEvent, "at");
            var comment = threadEvent.GetProperty("comment");
            ApiJson.AssertHasFields(comment, ApiJson.CommentFields, "event comment");
            Assert.Equal(commentsById[comment.GetProperty("id").GetInt64()], comment.GetRawText());
        });
        Assert.Equal(SeedCommentCount, events.Select(e => e.GetProperty("comment").GetProperty("id").GetInt64()).Distinct().Count());
    }

    [Fact]
    public async Task EventsAfterASeqStartRightAfterIt()
    {
        var events = (await forum.GetJsonAsync($"{ThreadUrl}/events?after=5")).EnumerateArray().ToList();

        Assert.Equal(Enumerable.Range(6, SeedCommentCount - 5).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task EventsAfterTheLastSeqAreEmpty()
    {
        var events = await forum.GetJsonAsync($"{ThreadUrl}/events?after={SeedCommentCount}");

        Assert.Equal(JsonValueKind.Array, events.ValueKind);
        Assert.Empty(events.EnumerateArray());
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), $"Problem without a title: {text}");
        return problem;
    }

    /// <summary>The seed's comments depth-first, each with the index of its parent and its depth.</summary>
    private static List<(SeedComment Comment, int? ParentIndex, int Depth)> FlattenSeed(IReadOnlyList<SeedComment> topLevel)
    {
        var flat = new List<(SeedComment, int?, int)>();
        void Visit(IReadOnlyList<SeedComment> siblings, int? parentIndex, int depth)
        {
            foreach (var comment in siblings)
            {
                flat.Add((comment, parentIndex, depth));
                Visit(comment.Replies, flat.Count - 1, depth + 1);
            }
        }

        Visit(topLevel, null, 0);
        return flat;
    }
}
