using ForumApp.Data;
using ForumApp.Tests.Comments;
using ForumApp.Tests.Realtime;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using ApiMember = ForumApp.Tests.Comments.ApiMember;

namespace ForumApp.Tests.Security;

/// <summary>A 1 MB comment through the hub over a real WebSocket: refused without harm to the server.</summary>
public sealed class HubOversizeTests
{
    [Fact]
    public async Task AOneMegabytePostCommentClosesThatConnectionAndStoresNothing()
    {
        await using var app = new ForumAppFactory().WithHighLimits();
        var server = app.StartOnKestrel();
        using var member = await ApiMember.RegisterAsync(app);
        var threadId = await member.StartThreadAsync();
        var token = member.Client.DefaultRequestHeaders.Authorization!.Parameter!;

        await using (var sender = await ThreadsHubClient.ConnectAsync(server, token))
        {
            // Past the 128 KB message limit the server drops the connection instead of reading on.
            await Assert.ThrowsAnyAsync<Exception>(() => sender.PostCommentAsync(threadId, null, new string('x', 1024 * 1024)));
        }

        await using (var db = await app.GetService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(0, await db.Comments.CountAsync(c => c.ThreadId == threadId));
        }

        // The server is fine: a new connection posts a normal comment.
        await using var next = await ThreadsHubClient.ConnectAsync(server, token);
        var posted = await next.PostCommentAsync(threadId, null, "After the oversize message");
        Assert.Equal("After the oversize message", posted.Body);
    }
}
