using System.Net;
using System.Text.Json;
using ForumApp.Tests.Realtime;

namespace ForumApp.Tests.Votes;

/// <summary>Voting and sorting through the public HTTP API, and live scores on the hub, against the app on Kestrel.</summary>
public sealed class VotesApiTests(LiveForumFixture forum) : IClassFixture<LiveForumFixture>
{
    private ForumApiClient Api => forum.Api;

    [Fact]
    public async Task AVoteAnswersTheScoreAndMyVoteAndReadsCarryThem()
    {
        var (author, threadId, commentId) = await CommentOfANewMemberAsync();
        var voter = await Api.RegisterMemberAsync();

        var voted = await VoteAsync(voter, commentId, 1, HttpStatusCode.OK);

        Assert.Equal(["commentId", "score", "myVote"], voted.EnumerateObject().Select(p => p.Name));
        Assert.Equal((commentId, 1, 1), (voted.GetProperty("commentId").GetInt64(), voted.GetProperty("score").GetInt32(), voted.GetProperty("myVote").GetInt32()));

        var asVoter = CommentIn(await Api.SendAsync(HttpMethod.Get, $"/api/threads/{threadId}", voter, null, HttpStatusCode.OK), commentId);
        var asAuthor = CommentIn(await Api.SendAsync(HttpMethod.Get, $"/api/threads/{threadId}", author, null, HttpStatusCode.OK), commentId);
        var asAnonymous = CommentIn(await Api.SendAsync(HttpMethod.Get, $"/api/threads/{threadId}", null, null, HttpStatusCode.OK), commentId);
        ApiJson.AssertHasFields(asAnonymous, ApiJson.CommentFields, "comment");
        Assert.Equal((1, 1), (asVoter.GetProperty("score").GetInt32(), asVoter.GetProperty("myVote").GetInt32()));
        Assert.Equal((1, 0), (asAuthor.GetProperty("score").GetInt32(), asAuthor.GetProperty("myVote").GetInt32()));
        Assert.Equal(1, asAnonymous.GetProperty("score").GetInt32());
        ApiJson.AssertNull(asAnonymous, "myVote");

        var down = await VoteAsync(voter, commentId, -1, HttpStatusCode.OK);
        var withdrawn = await VoteAsync(voter, commentId, 0, HttpStatusCode.OK);
        Assert.Equal((-1, -1), (down.GetProperty("score").GetInt32(), down.GetProperty("myVote").GetInt32()));
        Assert.Equal((0, 0), (withdrawn.GetProperty("score").GetInt32(), withdrawn.GetProperty("myVote").GetInt32()));
    }

    [Fact]
    public async Task RefusalsAnswerWithTheContractsStatusesAndProblems()
    {
        var (author, threadId, commentId) = await CommentOfANewMemberAsync();
        var voter = await Api.RegisterMemberAsync();

        var anonymous = await VoteAsync(null, commentId, 1, HttpStatusCode.Unauthorized);
        var own = await VoteAsync(author, commentId, 1, HttpStatusCode.Forbidden);
        var badValue = await VoteAsync(voter, commentId, 2, HttpStatusCode.BadRequest);
        var wrongType = await Api.SendAsync(HttpMethod.Put, $"/api/comments/{commentId}/vote", voter, new { value = "up" }, HttpStatusCode.BadRequest);
        var badId = await Api.SendAsync(HttpMethod.Put, "/api/comments/abc/vote", voter, new { value = 1 }, HttpStatusCode.BadRequest);
        await Api.SendAsync(HttpMethod.Put, $"/api/comments/{commentId + 100_000}/vote", voter, new { value = 1 }, HttpStatusCode.NotFound);

        Assert.Equal("Sign in to do this.", anonymous.GetProperty("title").GetString());
        Assert.Contains("own comment", own.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.True(badValue.GetProperty("errors").TryGetProperty("value", out _), badValue.GetRawText());
        Assert.True(wrongType.GetProperty("errors").TryGetProperty("value", out _), wrongType.GetRawText());
        Assert.True(badId.GetProperty("errors").TryGetProperty("id", out _), badId.GetRawText());

        await forum.LockThreadAsync(threadId);
        var locked = await VoteAsync(voter, commentId, 1, HttpStatusCode.Conflict);
        Assert.Equal("This thread is locked.", locked.GetProperty("title").GetString());

        var thread = await Api.SendAsync(HttpMethod.Get, $"/api/threads/{threadId}", voter, null, HttpStatusCode.OK);
        Assert.Equal((0, 0), (CommentIn(thread, commentId).GetProperty("score").GetInt32(), CommentIn(thread, commentId).GetProperty("myVote").GetInt32()));
    }

    [Fact]
    public async Task VotingOnADeletedCommentIsAConflict()
    {
        var (author, threadId, commentId) = await CommentOfANewMemberAsync();
        var voter = await Api.RegisterMemberAsync();
        await Api.DeleteCommentAsync(author, threadId, commentId);

        var refused = await VoteAsync(voter, commentId, 1, HttpStatusCode.Conflict);

        Assert.Equal("This comment has been deleted.", refused.GetProperty("title").GetString());
    }

    [Fact]
    public async Task VotingTooFastAnswers429WithRetryAfter()
    {
        var (_, _, commentId) = await CommentOfANewMemberAsync();
        var voter = await Api.RegisterMemberAsync();

        // The default budget is 60 votes a minute; toggling spends one vote per request.
        for (var i = 0; i < 60; i++)
        {
            await VoteAsync(voter, commentId, i % 2 == 0 ? 1 : 0, HttpStatusCode.OK);
        }

        using var http = new HttpClient { BaseAddress = forum.Server };
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/comments/{commentId}/vote") { Content = System.Net.Http.Json.JsonContent.Create(new { value = 1 }) };
        request.Headers.Authorization = new("Bearer", voter.AccessToken);
        using var response = await http.SendAsync(request);

        var problem = await ApiJson.ExpectAsync(response, HttpStatusCode.TooManyRequests);
        Assert.StartsWith("You are voting too fast.", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task SortAndPagingFollowTheVotesAndAnUnknownSortIs400()
    {
        var (author, threadId) = await forum.NewMemberAndThreadAsync();
        var older = (await Api.PostCommentAsync(author, threadId, "older")).GetProperty("id").GetInt64();
        var newer = (await Api.PostCommentAsync(author, threadId, "newer")).GetProperty("id").GetInt64();
        var voter = await Api.RegisterMemberAsync();
        await VoteAsync(voter, newer, 1, HttpStatusCode.OK);

        Assert.Equal([older, newer], IdsOf(await ReadAsync($"/api/threads/{threadId}?sort=old")));
        Assert.Equal([newer, older], IdsOf(await ReadAsync($"/api/threads/{threadId}")));
        Assert.Equal([newer, older], IdsOf(await ReadAsync($"/api/threads/{threadId}?sort=top")));
        Assert.Equal([newer, older], IdsOf(await ReadAsync($"/api/threads/{threadId}?sort=new")));

        var first = await ReadAsync($"/api/threads/{threadId}?sort=top&limit=1");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await ReadAsync($"/api/threads/{threadId}?sort=top&limit=1&cursor={Uri.EscapeDataString(cursor!)}");
        Assert.Equal([newer, older], IdsOf(first).Concat(IdsOf(second)));
        ApiJson.AssertNull(second, "nextCursor");

        var bad = await Api.SendAsync(HttpMethod.Get, $"/api/threads/{threadId}?sort=loudest", null, null, HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("sort", out _), bad.GetRawText());
    }

    [Fact]
    public async Task ScoresReachAJoinedClientInBatches()
    {
        var (author, threadId) = await forum.NewMemberAndThreadAsync();
        var first = (await Api.PostCommentAsync(author, threadId, "first")).GetProperty("id").GetInt64();
        var second = (await Api.PostCommentAsync(author, threadId, "second")).GetProperty("id").GetInt64();
        await using var watcher = await forum.ConnectAsync();
        await watcher.JoinThreadAsync(threadId, 0);

        var voters = new List<ApiMember>();
        for (var i = 0; i < 4; i++)
        {
            voters.Add(await Api.RegisterMemberAsync());
        }

        foreach (var voter in voters)
        {
            await VoteAsync(voter, first, 1, HttpStatusCode.OK);
            await VoteAsync(voter, second, -1, HttpStatusCode.OK);
        }

        // A batch carries the scores that moved since the last one: the latest of each tells where a comment stands.
        var received = new List<JsonElement>();
        var latest = new Dictionary<long, int>();
        var last = await watcher.WaitForScoresAsync(scores =>
        {
            received.Add(scores);
            foreach (var (id, score) in ScoresOf(scores))
            {
                latest[id] = score;
            }

            return latest.GetValueOrDefault(first) == 4 && latest.GetValueOrDefault(second) == -4;
        }, "with both final scores");

        Assert.Equal(["threadId", "scores"], last.EnumerateObject().Select(p => p.Name));
        Assert.All(received, s => Assert.Equal(threadId, s.GetProperty("threadId").GetInt64()));
        Assert.All(received, s => Assert.Equal(
            ["commentId", "score"], s.GetProperty("scores").EnumerateArray().First().EnumerateObject().Select(p => p.Name)));

        // Eight votes, fewer messages: each batch carries every score that moved since the last one, each once.
        Assert.True(received.Count < 8, $"{received.Count} Scores messages for 8 votes");
        Assert.All(received, s => Assert.Equal(
            s.GetProperty("scores").GetArrayLength(), s.GetProperty("scores").EnumerateArray().Select(e => e.GetProperty("commentId").GetInt64()).Distinct().Count()));
    }

    private async Task<(ApiMember Author, long ThreadId, long CommentId)> CommentOfANewMemberAsync()
    {
        var (author, threadId) = await forum.NewMemberAndThreadAsync();
        var comment = await Api.PostCommentAsync(author, threadId, "A comment to vote on");
        Assert.Equal((0, 0), (comment.GetProperty("score").GetInt32(), comment.GetProperty("myVote").GetInt32()));
        return (author, threadId, comment.GetProperty("id").GetInt64());
    }

    private Task<JsonElement> VoteAsync(ApiMember? voter, long commentId, int value, HttpStatusCode expected) =>
        Api.SendAsync(HttpMethod.Put, $"/api/comments/{commentId}/vote", voter, new { value }, expected);

    private Task<JsonElement> ReadAsync(string url) => Api.SendAsync(HttpMethod.Get, url, null, null, HttpStatusCode.OK);

    private static JsonElement CommentIn(JsonElement thread, long commentId) =>
        thread.GetProperty("comments").EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == commentId);

    private static List<long> IdsOf(JsonElement thread) =>
        thread.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).ToList();

    private static Dictionary<long, int> ScoresOf(JsonElement scores) =>
        scores.GetProperty("scores").EnumerateArray().ToDictionary(e => e.GetProperty("commentId").GetInt64(), e => e.GetProperty("score").GetInt32());
}
