using System.Net;
using System.Net.Http.Json;
using System.Text;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Comments;

/// <summary>Limits that keep spam and oversize input out, through the HTTP API.</summary>
public sealed class AbuseLimitsTests : IClassFixture<CommentsApiFixture>
{
    private readonly CommentsApiFixture _forum;

    public AbuseLimitsTests(CommentsApiFixture forum) => _forum = forum;

    [Fact]
    public async Task ANewAccountCannotPostMoreThanTwoLinks()
    {
        using var member = await ApiMember.RegisterAsync(_forum.App);
        var threadId = await member.StartThreadAsync();
        const string body = "See https://a.example, [b](https://b.example) and <https://c.example>.";

        using var response = await member.Client.PostAsJsonAsync($"/api/threads/{threadId}/comments", new { parentId = (long?)null, body });

        var problem = await ApiJson.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("at most 2 links", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        var thread = await member.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/threads/{threadId}");
        Assert.Equal(0, thread.GetProperty("comments").GetArrayLength());
    }

    [Fact]
    public async Task ANewAccountMayPostTwoLinks()
    {
        using var member = await ApiMember.RegisterAsync(_forum.App);
        var threadId = await member.StartThreadAsync();

        var posted = await member.PostCommentAsync(threadId, "Two sources: https://a.example and https://b.example");

        Assert.Equal(2, CountOccurrences(posted.GetProperty("bodyHtml").GetString()!, "<a "));
    }

    [Fact]
    public async Task AOneMegabyteBodyIsRefusedWithoutHarm()
    {
        using var member = await ApiMember.RegisterAsync(_forum.App);
        var threadId = await member.StartThreadAsync();
        var huge = new string('x', 1024 * 1024);
        var json = $"{{\"parentId\":null,\"body\":\"{huge}\"}}";

        using var response = await member.Client.PostAsync(
            $"/api/threads/{threadId}/comments", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var thread = await member.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/threads/{threadId}");
        Assert.Equal(0, thread.GetProperty("comments").GetArrayLength());
    }

    [Fact]
    public async Task ABodyJustOverTheCommentLimitIsAFieldError()
    {
        using var member = await ApiMember.RegisterAsync(_forum.App);
        var threadId = await member.StartThreadAsync();

        using var response = await member.Client.PostAsJsonAsync(
            $"/api/threads/{threadId}/comments", new { parentId = (long?)null, body = new string('y', 10_001) });

        var problem = await ApiJson.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("10,000", problem.GetProperty("errors").GetProperty("body")[0].GetString());
    }

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
