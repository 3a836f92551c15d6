using System.Net;
using System.Text.Json;
using ForumApp.Tests.Comments;
using ApiMember = ForumApp.Tests.Comments.ApiMember;

namespace ForumApp.Tests.Search;

/// <summary><c>GET /api/users?prefix=&amp;threadId=</c>, the "@" autocomplete's names, as outside clients call it.</summary>
public sealed class MentionSuggestionsApiTests(CommentsApiFixture forum) : IClassFixture<CommentsApiFixture>
{
    private static string NewWord() => "m" + new string(Guid.NewGuid().ToString("N").Select(c => (char)('a' + (c % 26))).Take(10).ToArray());

    [Fact]
    public async Task NamesStartingWithThePrefixComeWithTheThreadsCommentersFirst()
    {
        var word = NewWord();
        using var api = forum.App.CreateApiClient();
        await api.RegisterMemberAsync($"{word} Aardvark");
        var commenter = await api.RegisterMemberAsync($"{word} Zebra");
        using var author = await ApiMember.RegisterAsync(forum.App);
        var threadId = await author.StartThreadAsync();
        await api.PostCommentAsync(commenter, threadId, "Here.");
        using var anonymous = forum.App.CreateClient();

        var inThread = await anonymous.GetJsonAsync($"/api/users?prefix={word.ToUpperInvariant()}&threadId={threadId}");
        var anywhere = await anonymous.GetJsonAsync($"/api/users?prefix={word}");

        Assert.Equal([$"{word} Zebra", $"{word} Aardvark"], Names(inThread));
        Assert.Equal([$"{word} Aardvark", $"{word} Zebra"], Names(anywhere));
        Assert.All(inThread.EnumerateArray(), item => ApiJson.AssertHasFields(item, ["displayName"], "A suggestion"));
    }

    [Theory]
    [InlineData("/api/users", "prefix")]
    [InlineData("/api/users?prefix=", "prefix")]
    [InlineData("/api/users?prefix=a%40b", "prefix")]
    [InlineData("/api/users?prefix=abcdefghijklmnopqrstuvwxyzabcdefg", "prefix")]
    [InlineData("/api/users?prefix=ab&threadId=abc", "threadId")]
    [InlineData("/api/users?prefix=ab&threadId=-1", "threadId")]
    public async Task BadInputIsAFieldError(string url, string field)
    {
        using var client = forum.App.CreateClient();

        var problem = await client.GetJsonAsync(url, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    private static List<string?> Names(JsonElement answer) => [.. answer.EnumerateArray().Select(e => e.GetProperty("displayName").GetString())];
}
