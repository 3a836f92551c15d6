using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Moderation;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Moderation;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace ForumApp.Tests.Components.Moderation;

public sealed class ModerationPageTests : IAsyncLifetime
{
    private readonly TestClock _clock = new(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero), TestClockTimers.Real);
    private TestForum _forum = null!;
    private BunitContext _context = null!;
    private BunitAuthorizationContext _authorization = null!;
    private TestMember _moderator = null!;
    private TestMember _author = null!;
    private TestMember _reporter = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync(_clock);
        _context = BunitSetup.CreateContext(_forum, out _authorization);
        _moderator = await _forum.AddModeratorAsync("Mod Maria");
        _author = await _forum.AddMemberAsync("Loud Larry");
        _reporter = await _forum.AddMemberAsync("Careful Carla");
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task ListsAnOpenReportAndDismissingItResolvesIt()
    {
        var thread = await _forum.StartThreadAsync(_author, "Tabs or spaces");
        var comment = await _forum.PostAsync(_author, thread.Id, "Everyone who uses tabs is a fool.");
        var report = TestForum.Succeeded(await _forum.Reports.ReportAsync(_reporter.Principal, comment.Id, "Name-calling"));
        _authorization.SignIn(_moderator);

        var page = _context.Render<ModerationPage>();

        var row = page.WaitForElement($"[data-report-id='{report.Id}']");
        Assert.Contains("Everyone who uses tabs is a fool.", row.QuerySelector("[data-testid='comment-excerpt']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Careful Carla", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Name-calling", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Loud Larry", row.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/t/{thread.Id}/{thread.Slug}/c/{comment.Id}", row.QuerySelector("[data-testid='permalink']")!.GetAttribute("href"));

        row.QuerySelector("button[data-testid='dismiss']")!.Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='no-reports']")));
        var stored = await ReadAsync(db => db.Reports.SingleAsync(r => r.Id == report.Id));
        Assert.Equal(ReportStatus.Dismissed, stored.Status);
        Assert.Equal(_moderator.Id, stored.ResolvedById);
        Assert.Equal(ModerationActions.DismissReport, await ReadAsync(db => db.ModerationLog.Select(e => e.Action).SingleAsync()));
        Assert.Equal("0", page.Find("[data-testid='open-count']").GetAttribute("data-count"));
    }

    [Fact]
    public async Task OpenCountFollowsNewReportsWithoutReload()
    {
        var thread = await _forum.StartThreadAsync(_author);
        var comment = await _forum.PostAsync(_author, thread.Id, "Buy cheap watches at example.test");
        _authorization.SignIn(_moderator);
        var page = _context.Render<ModerationPage>();
        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid='open-count']").GetAttribute("data-count")));
        Assert.Empty(ReportsTabBadge(page));

        var report = TestForum.Succeeded(await _forum.Reports.ReportAsync(_reporter.Principal, comment.Id, "Spam"));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("1", page.Find("[data-testid='open-count']").GetAttribute("data-count"));
            Assert.Equal("1", Assert.Single(ReportsTabBadge(page)).TextContent.Trim());
            Assert.NotNull(page.Find($"[data-report-id='{report.Id}']"));
        });

        var second = await _forum.AddMemberAsync("Second Sam");
        TestForum.Succeeded(await _forum.Reports.ReportAsync(second.Principal, comment.Id, "Still spam"));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("2", page.Find("[data-testid='open-count']").GetAttribute("data-count"));
            Assert.Equal("2", Assert.Single(ReportsTabBadge(page)).TextContent.Trim());
            Assert.Equal(2, page.FindAll("[data-report-id]").Count);
        });
    }

    [Fact]
    public async Task SelectedReportsAreDismissedTogether()
    {
        var thread = await _forum.StartThreadAsync(_author);
        var first = await _forum.PostAsync(_author, thread.Id, "First questionable remark");
        var second = await _forum.PostAsync(_author, thread.Id, "Second questionable remark");
        var kept = await _forum.PostAsync(_author, thread.Id, "Third, left for later");
        var reports = new List<ReportView>();
        foreach (var comment in new[] { first, second, kept })
        {
            reports.Add(TestForum.Succeeded(await _forum.Reports.ReportAsync(_reporter.Principal, comment.Id, "Rude")));
        }

        _authorization.SignIn(_moderator);
        var page = _context.Render<ModerationPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-report-id]").Count));

        SelectReport(page, reports[0].Id);
        SelectReport(page, reports[1].Id);
        page.Find("button[data-testid='dismiss-selected']").Click();

        page.WaitForAssertion(() => Assert.Equal($"{reports[2].Id}", Assert.Single(page.FindAll("[data-report-id]")).GetAttribute("data-report-id")));
        var statuses = await ReadAsync(db => db.Reports.OrderBy(r => r.Id).Select(r => r.Status).ToListAsync());
        Assert.Equal([ReportStatus.Dismissed, ReportStatus.Dismissed, ReportStatus.Open], statuses);
    }

    [Fact]
    public async Task RemovingAReportedCommentAsksForAPublicReason()
    {
        var thread = await _forum.StartThreadAsync(_author);
        var comment = await _forum.PostAsync(_author, thread.Id, "Something nasty");
        var report = TestForum.Succeeded(await _forum.Reports.ReportAsync(_reporter.Principal, comment.Id, "Abusive"));
        _authorization.SignIn(_moderator);
        var dialogs = _context.Render<MudDialogProvider>();
        var page = _context.Render<ModerationPage>();
        page.WaitForElement($"[data-report-id='{report.Id}'] button[data-testid='remove']").Click();

        dialogs.WaitForElement("textarea[data-testid='remove-reason']").Input("Personal attack");
        dialogs.Find("button[data-testid='confirm-remove']").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='no-reports']")));
        var stored = await ReadAsync(db => db.Comments.SingleAsync(c => c.Id == comment.Id));
        Assert.Equal(CommentState.RemovedByModerator, stored.State);
        Assert.Equal("Personal attack", stored.Reason);
        Assert.Equal(ReportStatus.Actioned, await ReadAsync(db => db.Reports.Where(r => r.Id == report.Id).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task LogFiltersNarrowTheEntries()
    {
        var firstThread = await _forum.StartThreadAsync(_author, "First thread");
        var secondThread = await _forum.StartThreadAsync(_author, "Second thread");
        var inFirst = await _forum.PostAsync(_author, firstThread.Id, "Removed from the first thread");
        var inSecond = await _forum.PostAsync(_author, secondThread.Id, "Removed from the second thread");
        TestForum.Succeeded(await _forum.CommentModeration.RemoveCommentAsync(_moderator.Principal, inFirst.Id, "Off topic", includeReplies: false));
        _clock.Advance(TimeSpan.FromMinutes(1));
        TestForum.Succeeded(await _forum.CommentModeration.RemoveCommentAsync(_moderator.Principal, inSecond.Id, "Spam", includeReplies: false));
        _authorization.SignIn(_moderator);
        var page = _context.Render<ModerationPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-log-id]").Count));

        FilterField(page, "Thread id").Find("input").Change(firstThread.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.Find("[data-testid='log-filters']").Submit();

        page.WaitForAssertion(() =>
        {
            var row = Assert.Single(page.FindAll("[data-log-id]")).Closest("tr")!;
            Assert.Contains("Off topic", row.TextContent, StringComparison.Ordinal);
            Assert.Equal("Removed from the first thread", row.QuerySelector("[data-testid='removed-text'] p")!.TextContent);
        });

        FilterField(page, "Thread id").Find("input").Change(secondThread.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.FindComponents<MudTextField<string>>().Single(field => field.Instance.Label == "Moderator").Find("input").Change("nobody by this name");
        page.Find("[data-testid='log-filters']").Submit();

        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-log-id]"));
            Assert.NotNull(page.Find("[data-testid='no-log-entries']"));
        });
    }

    [Fact]
    public async Task AMemberWhoseCookieClaimsModeratorIsRefusedByTheService()
    {
        var thread = await _forum.StartThreadAsync(_author);
        var comment = await _forum.PostAsync(_author, thread.Id, "A comment only moderators should see reported");
        TestForum.Succeeded(await _forum.Reports.ReportAsync(_reporter.Principal, comment.Id, "Secret reason"));

        // The database says member; the principal says moderator. The database wins.
        _authorization.SignIn(_reporter with { Roles = [ForumRoles.Member, ForumRoles.Moderator] });
        var page = _context.Render<ModerationPage>();

        page.WaitForAssertion(() => Assert.Equal("Only moderators can do this.", page.Find("[data-testid='moderation-refused']").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-report-id]"));
        Assert.DoesNotContain("Secret reason", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("only moderators should see", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AModeratorFindsAMemberAndSuspendsThem()
    {
        _authorization.SignIn(_moderator);
        var page = _context.Render<ModerationPage>();
        page.WaitForElement("input[data-testid='member-query']").Input("larry");
        page.Find("[data-testid='member-search']").Submit();

        page.WaitForElement($"[data-member-id='{_author.Id}'] button.member-pick").Click();
        page.WaitForElement("textarea[data-testid='suspend-reason']").Input("Cool off for a while");
        page.Find("[data-testid='suspend-form']").Submit();

        page.WaitForAssertion(() => Assert.StartsWith("Suspended until", page.Find("[data-testid='standing-text']").TextContent.Trim(), StringComparison.Ordinal));
        var member = await ReadAsync(db => db.Users.SingleAsync(u => u.Id == _author.Id));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddDays(7), member.SuspendedUntil);
        Assert.Equal("Cool off for a while", member.SuspensionReason);

        page.Find("button[data-testid='unsuspend']").Click();

        page.WaitForAssertion(() => Assert.Equal("Active", page.Find("[data-testid='standing-text']").TextContent.Trim()));
        Assert.Null(await ReadAsync(db => db.Users.Where(u => u.Id == _author.Id).Select(u => u.SuspendedUntil).SingleAsync()));
    }

    private static IReadOnlyList<IElement> ReportsTabBadge(IRenderedComponent<ModerationPage> page) =>
        page.FindAll("[role='tab']").Single(tab => tab.TextContent.Contains("Reports", StringComparison.Ordinal)).QuerySelectorAll(".mud-badge").ToList();

    private static void SelectReport(IRenderedComponent<ModerationPage> page, long reportId) =>
        page.Find($"[data-report-id='{reportId}'] input[data-testid='select-report']").Change(true);

    private static IRenderedComponent<MudNumericField<long?>> FilterField(IRenderedComponent<ModerationPage> page, string label) =>
        page.FindComponents<MudNumericField<long?>>().Single(field => field.Instance.Label == label);

    private async Task<T> ReadAsync<T>(Func<ForumDbContext, Task<T>> read)
    {
        await using var db = await _forum.DbFactory.CreateDbContextAsync();
        return await read(db);
    }
}
