using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Tests.Comments;
using ForumApp.Tests.TestInfrastructure;
using ApiMember = ForumApp.Tests.Comments.ApiMember;

namespace ForumApp.Tests.Integration;

/// <summary>
/// A reply chain 1,000 deep, built through the API: stored, read back (flat, in display order), served as
/// pages and as events, and taken apart again from the bottom, without anything recursing per level.
/// </summary>
public sealed class DeepReplyChainTests(CommentsApiFixture forum) : IClassFixture<CommentsApiFixture>
{
    private const int Depth = 1_000;

    [Fact]
    public async Task AThousandDeepChainIsStoredReadRenderedAndTakenApart()
    {
        using var member = await ApiMember.RegisterAsync(forum.App);
        var threadId = await member.StartThreadAsync("A very deep conversation");
        var ids = new List<long>(Depth);
        long? parentId = null;
        for (var level = 0; level < Depth; level++)
        {
            var posted = await member.PostCommentAsync(threadId, $"level {level}", parentId);
            Assert.Equal(level, posted.GetProperty("depth").GetInt32());
            parentId = posted.GetProperty("id").GetInt64();
            ids.Add(parentId.Value);
        }

        // The API: the whole tree at once, and paged through.
        var whole = await ThreadAsync(member, threadId);
        Assert.Equal(ids, whole.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        var paged = new List<long>();
        string? cursor = null;
        do
        {
            var page = await ThreadAsync(member, threadId, $"?limit=300{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            paged.AddRange(page.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(ids, paged);

        var events = await member.Client.GetFromJsonAsync<JsonElement>($"/api/threads/{threadId}/events?after=0");
        Assert.Equal(Depth, events.GetArrayLength());

        // The pages, rendered on the server.
        using var reader = forum.App.CreateClient();
        using (var threadPage = await reader.GetAsync($"/t/{threadId}"))
        {
            Assert.Equal(HttpStatusCode.OK, threadPage.StatusCode);
            Assert.Contains("level 0", await threadPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var permalink = await reader.GetAsync($"/t/{threadId}/a-very-deep-conversation/c/{ids[^1]}"))
        {
            Assert.Equal(HttpStatusCode.OK, permalink.StatusCode);
            var html = HtmlForms.Parse(await permalink.Content.ReadAsStringAsync());
            Assert.Contains($"level {Depth - 1}", html.QuerySelector(".comment-tree")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(Depth - 1, html.QuerySelectorAll("[data-testid=ancestor]").Length);
        }

        // Deleted from the bottom up: each deletion leaves a comment with nothing under it, so it goes.
        for (var level = Depth - 1; level >= Depth - 3; level--)
        {
            using var deleted = await member.Client.DeleteAsync($"/api/threads/{threadId}/comments/{ids[level]}");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var after = (await ThreadAsync(member, threadId)).GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal(ids.Take(Depth - 3), after.Select(c => c.GetProperty("id").GetInt64()));
        Assert.Equal(0, after[^1].GetProperty("replyCount").GetInt32());
    }

    private static async Task<JsonElement> ThreadAsync(ApiMember member, long threadId, string query = "")
    {
        using var response = await member.Client.GetAsync($"/api/threads/{threadId}{query}");
        return await ApiMember.ExpectAsync(response, HttpStatusCode.OK);
    }
}
