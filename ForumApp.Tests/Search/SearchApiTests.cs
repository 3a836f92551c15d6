using System.Net;
using System.Text.Json;
using ForumApp.Tests.Comments;
using ApiMember = ForumApp.Tests.Comments.ApiMember;

namespace ForumApp.Tests.Search;

/// <summary><c>GET /api/search</c> and the profile routes over HTTP, as outside clients call them.</summary>
public sealed class SearchApiTests(CommentsApiFixture forum) : IClassFixture<CommentsApiFixture>
{
    private static readonly string[] SearchItemFields = ["kind", "threadId", "commentId", "title", "author", "createdAt", "excerptHtml"];
    private static readonly string[] ProfileFields = ["id", "displayName", "createdAt", "commentCount", "score", "threadCount"];

    private static string NewWord() => "w" + new string(Guid.NewGuid().ToString("N").Select(c => (char)('a' + (c % 26))).Take(12).ToArray());

    [Fact]
    public async Task SearchAnswersThreadsAndCommentsInTheContractsShape()
    {
        using var member = await ApiMember.RegisterAsync(forum.App);
        var word = NewWord();
        var threadId = await member.StartThreadAsync($"Thread on {word}");
        var commentId = (await member.PostCommentAsync(threadId, $"A comment on **{word}** <b>bold</b>")).GetProperty("id").GetInt64();
        using var anonymous = forum.App.CreateClient();

        var answer = await anonymous.GetJsonAsync($"/api/search?q={word}");

        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("nextCursor").ValueKind);
        Assert.Equal(2, items.Count);
        Assert.All(items, item => ApiJson.AssertHasFields(item, SearchItemFields, "A search result"));
        var comment = Assert.Single(items, i => i.GetProperty("kind").GetString() == "comment");
        Assert.Equal((threadId, commentId, $"Thread on {word}", member.DisplayName),
            (comment.GetProperty("threadId").GetInt64(), comment.GetProperty("commentId").GetInt64(), comment.GetProperty("title").GetString(), comment.GetProperty("author").GetString()));
        Assert.Equal($"A comment on <mark>{word}</mark> &lt;b&gt;bold&lt;/b&gt;", comment.GetProperty("excerptHtml").GetString());
        Assert.EndsWith("Z", comment.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        var thread = Assert.Single(items, i => i.GetProperty("kind").GetString() == "thread");
        Assert.Equal(JsonValueKind.Null, thread.GetProperty("commentId").ValueKind);
    }

    [Theory]
    [InlineData("/api/search", "q")]
    [InlineData("/api/search?q=", "q")]
    [InlineData("/api/search?q=%20%20", "q")]
    [InlineData("/api/search?q=x&limit=abc", "limit")]
    [InlineData("/api/search?q=x&limit=0", "limit")]
    [InlineData("/api/search?q=x&limit=51", "limit")]
    [InlineData("/api/search?q=x&cursor=nonsense", "cursor")]
    [InlineData("/api/users/Anyone/comments?limit=x", "limit")]
    public async Task BadSearchInputIsAFieldError(string url, string field)
    {
        using var client = forum.App.CreateClient();

        var problem = await client.GetJsonAsync(url, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task SearchIsRateLimitedPerClientAddress()
    {
        await using var app = new ForumAppFactory().WithSetting("Forum:SearchesPerMinutePerAddress", "2");
        using var client = app.CreateClient();

        await client.GetJsonAsync("/api/search?q=one");
        await client.GetJsonAsync("/api/search?q=two");
        using var refused = await client.GetAsync("/api/search?q=three");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task AProfileCountsTheMembersCommentsAndThreads()
    {
        using var member = await ApiMember.RegisterAsync(forum.App);
        var threadId = await member.StartThreadAsync();
        await member.PostCommentAsync(threadId, "one");
        var deleted = (await member.PostCommentAsync(threadId, "two")).GetProperty("id").GetInt64();
        (await member.Client.DeleteAsync($"/api/threads/{threadId}/comments/{deleted}")).EnsureSuccessStatusCode();
        using var anonymous = forum.App.CreateClient();

        var profile = await anonymous.GetJsonAsync($"/api/users/{Uri.EscapeDataString(member.DisplayName)}");

        ApiJson.AssertHasFields(profile, ProfileFields, "A profile");
        Assert.Equal((member.Id, member.DisplayName, 1, 0, 1),
            (profile.GetProperty("id").GetInt64(), profile.GetProperty("displayName").GetString(), profile.GetProperty("commentCount").GetInt32(),
             profile.GetProperty("score").GetInt32(), profile.GetProperty("threadCount").GetInt32()));
        Assert.EndsWith("Z", profile.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProfilesCommentsAreCommentsWithTheirThreadTitleNewestFirstInPages()
    {
        using var member = await ApiMember.RegisterAsync(forum.App);
        var threadId = await member.StartThreadAsync("Where the comments are");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await member.PostCommentAsync(threadId, $"comment {i}")).GetProperty("id").GetInt64());
        }

        using var anonymous = forum.App.CreateClient();
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await anonymous.GetJsonAsync(
                $"/api/users/{Uri.EscapeDataString(member.DisplayName)}/comments?limit=2{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                ApiJson.AssertHasFields(item, [.. ApiJson.CommentFields, "threadTitle"], "A profile comment");
                Assert.Equal("Where the comments are", item.GetProperty("threadTitle").GetString());
                seen.Add(item.GetProperty("id").GetInt64());
            }

            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        ids.Reverse();
        Assert.Equal(ids, seen);
    }

    [Theory]
    [InlineData("/api/users/nobody%20at%20all")]
    [InlineData("/api/users/nobody%20at%20all/comments")]
    [InlineData("/api/users/Anonymous")]
    public async Task AnUnknownNameIsNotFound(string url)
    {
        using var client = forum.App.CreateClient();

        var problem = await client.GetJsonAsync(url, HttpStatusCode.NotFound);

        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ANameWithSpacesAndOtherScriptsFindsItsProfile()
    {
        using var api = forum.App.CreateApiClient();
        var name = $"Zoë Ñandú {Guid.NewGuid():N}"[..20];
        var member = await api.RegisterMemberAsync(displayName: name);
        using var client = forum.App.CreateClient();

        var profile = await client.GetJsonAsync($"/api/users/{Uri.EscapeDataString(name)}");

        Assert.Equal(member.Id, profile.GetProperty("id").GetInt64());
    }
}
