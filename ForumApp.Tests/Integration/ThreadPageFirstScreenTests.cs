using System.Net;
using System.Net.Http.Json;
using ForumApp.Data;
using ForumApp.Tests.Comments;
using Microsoft.EntityFrameworkCore;
using ApiMember = ForumApp.Tests.Comments.ApiMember;

namespace ForumApp.Tests.Integration;

/// <summary>The prerendered thread page, whose first screen is kept between readers, shows every change on the next load.</summary>
public sealed class ThreadPageFirstScreenTests(CommentsApiFixture forum) : IClassFixture<CommentsApiFixture>
{
    [Fact]
    public async Task APostAnEditAndADeletionShowOnTheNextLoadOfThePage()
    {
        using var member = await ApiMember.RegisterAsync(forum.App);
        var threadId = await member.StartThreadAsync("A page read between writes");
        var first = (await member.PostCommentAsync(threadId, "the words before")).GetProperty("id").GetInt64();
        using var reader = forum.App.CreateClient();
        Assert.Contains("the words before", await PageAsync(reader, threadId), StringComparison.Ordinal);
        Assert.DoesNotContain("a reply after", await PageAsync(reader, threadId), StringComparison.Ordinal);

        var reply = (await member.PostCommentAsync(threadId, "a reply after", first)).GetProperty("id").GetInt64();
        Assert.Contains("a reply after", await PageAsync(reader, threadId), StringComparison.Ordinal);

        using (var edited = await member.Client.PutAsJsonAsync($"/api/threads/{threadId}/comments/{reply}", new { body = "a reply on second thought" }))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        }

        var afterEdit = await PageAsync(reader, threadId);
        Assert.Contains("a reply on second thought", afterEdit, StringComparison.Ordinal);
        Assert.DoesNotContain("a reply after", afterEdit, StringComparison.Ordinal);

        using (var deleted = await member.Client.DeleteAsync($"/api/threads/{threadId}/comments/{reply}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.DoesNotContain("a reply on second thought", await PageAsync(reader, threadId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePinChipFollowsTheThreadRowReadWithTheComments()
    {
        using var member = await ApiMember.RegisterAsync(forum.App);
        var threadId = await member.StartThreadAsync("A thread pinned between two loads");
        using var reader = forum.App.CreateClient();
        Assert.DoesNotContain("data-testid=\"thread-pinned\"", await PageAsync(reader, threadId), StringComparison.Ordinal);

        // Behind the services' back, so only a fresh read of the row can show it.
        await using (var db = await forum.App.GetService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync())
        {
            await db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.PinnedAt, DateTime.UtcNow));
        }

        Assert.Contains("data-testid=\"thread-pinned\"", await PageAsync(reader, threadId), StringComparison.Ordinal);
    }

    private static async Task<string> PageAsync(HttpClient reader, long threadId)
    {
        using var page = await reader.GetAsync($"/t/{threadId}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }
}
