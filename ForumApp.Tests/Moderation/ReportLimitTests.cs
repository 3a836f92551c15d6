using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ForumApp.Data;
using ForumApp.Tests.Comments;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using ApiMember = ForumApp.Tests.Comments.ApiMember;

namespace ForumApp.Tests.Moderation;

/// <summary>Reports per client address per hour, enforced in the report service (pages and API alike).</summary>
public sealed class ReportLimitTests
{
    [Fact]
    public async Task AnAddressPastItsReportLimitGets429AndStoresNothingWhileOtherAddressesGoOn()
    {
        await using var app = new ForumAppFactory().WithHighLimits()
            .WithSetting("Forum:ReportsPerHourPerAddress", "2");
        using var author = await ApiMember.RegisterAsync(app);
        var threadId = await author.StartThreadAsync();
        var comments = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            comments.Add((await author.PostCommentAsync(threadId, $"comment {i}")).GetProperty("id").GetInt64());
        }

        using var reporter = await ApiMember.RegisterAsync(app);
        using var fromHere = AsMember(ClientAt.Browser(app, "203.0.113.30"), reporter);
        using var fromThere = AsMember(ClientAt.Browser(app, "198.51.100.30"), reporter);

        for (var i = 0; i < 2; i++)
        {
            using var accepted = await fromHere.PostAsJsonAsync($"/api/comments/{comments[i]}/reports", new { reason = "spam" });
            await ApiMember.ExpectAsync(accepted, HttpStatusCode.Created);
        }

        using var refused = await fromHere.PostAsJsonAsync($"/api/comments/{comments[2]}/reports", new { reason = "spam" });
        var problem = await ApiMember.ExpectAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.StartsWith("Too many reports from your network. Try again in ", problem.GetProperty("title").GetString());
        Assert.Single(refused.Headers.GetValues("Retry-After"));

        using var elsewhere = await fromThere.PostAsJsonAsync($"/api/comments/{comments[3]}/reports", new { reason = "spam" });
        await ApiMember.ExpectAsync(elsewhere, HttpStatusCode.Created);

        await using var db = await app.GetService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync();
        Assert.Equal([comments[0], comments[1], comments[3]], await db.Reports.OrderBy(r => r.CommentId).Select(r => r.CommentId).ToListAsync());
    }

    private static HttpClient AsMember(HttpClient client, ApiMember member)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", member.Client.DefaultRequestHeaders.Authorization!.Parameter);
        return client;
    }
}
