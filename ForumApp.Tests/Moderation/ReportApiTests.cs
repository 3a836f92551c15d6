using System.Net;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Moderation;

/// <summary>Members report comments; moderators see, resolve and dismiss the reports through the API.</summary>
[Collection(ModerationApiTest.Collection)]
public sealed class ReportApiTests(ModerationForum forum) : ModerationApiTest(forum)
{
    [Fact]
    public async Task MemberReportsACommentOnceAndModeratorsSeeItOpen()
    {
        var author = await Forum.RegisterAsync();
        var reporter = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(author);
        var commentId = await Forum.CommentAsync(author, threadId, "questionable");

        var created = (await Forum.PostAsync($"/api/comments/{commentId}/reports", reporter, new { reason = " Insulting " })).Expect(HttpStatusCode.Created);

        ApiJson.AssertHasFields(created, ReportFields, "report");
        Assert.Equal("open", created.GetProperty("status").GetString());
        (await Forum.PostAsync($"/api/comments/{commentId}/reports", reporter, new { reason = "Again" })).Expect(HttpStatusCode.Conflict);
        (await Forum.PostAsync($"/api/comments/{commentId}/reports", reporter, new { reason = "  " })).ExpectFieldError("reason");

        var open = (await Forum.GetAsync("/api/moderation/reports?status=open", Moderator)).Expect(HttpStatusCode.OK);
        var report = Assert.Single(open.EnumerateArray(), r => r.GetProperty("commentId").GetInt64() == commentId);
        Assert.Equal(ReportFields.Order(), report.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(created.GetProperty("id").GetInt64(), report.GetProperty("id").GetInt64());
        Assert.Equal(threadId, report.GetProperty("threadId").GetInt64());
        Assert.Equal(reporter.DisplayName, report.GetProperty("reporter").GetString());
        Assert.Equal("Insulting", report.GetProperty("reason").GetString());
        Assert.Equal(Forum.Clock.UtcNow.UtcDateTime, ApiJson.GetUtc(report, "createdAt"));
        Assert.Equal("open", report.GetProperty("status").GetString());
        Assert.All(open.EnumerateArray(), r => Assert.Equal("open", r.GetProperty("status").GetString()));
        (await Forum.GetAsync("/api/moderation/reports?status=pending", Moderator)).ExpectFieldError("status");
        (await Forum.GetAsync("/api/moderation/reports?status=open", reporter)).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ResolvingAReportWithRemoveRemovesTheCommentAndClosesEveryReportOfIt()
    {
        var author = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(author);
        var commentId = await Forum.CommentAsync(author, threadId, "nasty words");
        var first = await ReportAsync(await Forum.RegisterAsync(), commentId, "abuse");
        var second = await ReportAsync(await Forum.RegisterAsync(), commentId, "abuse too");

        var resolved = (await Forum.PostAsync($"/api/moderation/reports/{first}/resolve", Moderator, new { action = "remove", reason = "Abusive" }))
            .Expect(HttpStatusCode.OK);

        Assert.Equal("actioned", resolved.GetProperty("status").GetString());
        var comment = CommentIn(await ThreadAsync(threadId), commentId);
        Assert.Equal("moderator", comment.GetProperty("deletedBy").GetString());
        Assert.Equal("Abusive", comment.GetProperty("reason").GetString());
        var open = (await Forum.GetAsync("/api/moderation/reports?status=open", Moderator)).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(open.EnumerateArray(), r => r.GetProperty("commentId").GetInt64() == commentId);
        var actioned = (await Forum.GetAsync("/api/moderation/reports?status=actioned", Moderator)).Expect(HttpStatusCode.OK);
        Assert.Equal([first, second], actioned.EnumerateArray().Where(r => r.GetProperty("commentId").GetInt64() == commentId).Select(r => r.GetProperty("id").GetInt64()).Order());
        var entry = Assert.Single(await LogAsync($"thread={threadId}"));
        Assert.Equal(("remove-comment", "comment", commentId, "Abusive", author.DisplayName), LogSummary(entry));
        Assert.Equal("nasty words", entry.GetProperty("removedText").GetString());
        (await Forum.PostAsync($"/api/moderation/reports/{second}/resolve", Moderator, new { action = "dismiss" })).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task DismissingAReportClosesItAndLeavesTheComment()
    {
        var author = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(author);
        var commentId = await Forum.CommentAsync(author, threadId, "harmless");
        var reportId = await ReportAsync(await Forum.RegisterAsync(), commentId, "I disagree");

        (await Forum.PostAsync($"/api/moderation/reports/{reportId}/resolve", Moderator, new { action = "shrug" })).ExpectFieldError("action");
        var resolved = (await Forum.PostAsync($"/api/moderation/reports/{reportId}/resolve", Moderator, new { action = "dismiss", reason = "Not against the rules" }))
            .Expect(HttpStatusCode.OK);

        Assert.Equal("dismissed", resolved.GetProperty("status").GetString());
        Assert.Equal("harmless", CommentIn(await ThreadAsync(threadId), commentId).GetProperty("body").GetString());
        var open = (await Forum.GetAsync("/api/moderation/reports?status=open", Moderator)).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(open.EnumerateArray(), r => r.GetProperty("id").GetInt64() == reportId);
        var dismissed = (await Forum.GetAsync("/api/moderation/reports?status=dismissed", Moderator)).Expect(HttpStatusCode.OK);
        Assert.Contains(dismissed.EnumerateArray(), r => r.GetProperty("id").GetInt64() == reportId);
        var entry = Assert.Single(await LogAsync($"thread={threadId}"));
        Assert.Equal(("dismiss-report", "report", reportId), (entry.GetProperty("action").GetString(), entry.GetProperty("targetType").GetString(), entry.GetProperty("targetId").GetInt64()));
        Assert.Equal("Not against the rules", entry.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task LogEntryOfADismissedReportIsFoundByTheMemberItNames()
    {
        var author = await Forum.RegisterAsync();
        var reporter = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(author);
        var commentId = await Forum.CommentAsync(author, threadId, "harmless too");
        var reportId = await ReportAsync(reporter, commentId, "I disagree");
        (await Forum.PostAsync($"/api/moderation/reports/{reportId}/resolve", Moderator, new { action = "dismiss" })).Expect(HttpStatusCode.OK);

        var entry = Assert.Single(await LogAsync($"thread={threadId}"));
        var named = entry.GetProperty("member").GetString();
        var namedId = named == reporter.DisplayName ? reporter.Id
            : named == author.DisplayName ? author.Id
            : throw new Xunit.Sdk.XunitException($"The entry names neither the reporter nor the author: {entry}");

        Assert.Contains(await LogAsync($"member={namedId}"), e => e.GetProperty("id").GetInt64() == entry.GetProperty("id").GetInt64());
    }
}
