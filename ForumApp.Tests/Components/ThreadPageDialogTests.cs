using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Pages;
using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace ForumApp.Tests.Components;

/// <summary>The thread page's dialogs, opened through the dialog service: each carries its action out, or stays open saying why not.</summary>
public sealed class ThreadPageDialogTests : IAsyncLifetime
{
    private static readonly DateTimeOffset _importedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private TestForum _forum = null!;
    private BunitContext _context = null!;
    private BunitAuthorizationContext _authorization = null!;
    private TestMember _reader = null!;
    private TestMember _writer = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateSeededAsync(_importedAt, new TestClock(_importedAt.AddMinutes(3)));
        _context = BunitSetup.CreateContext(_forum, out _authorization);
        _reader = await _forum.AddMemberAsync();
        _writer = await _forum.AddMemberAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task DeletingOwnCommentAsksFirstAndThenTakesItAway()
    {
        var own = await _forum.PostAsync(_reader, _forum.SeedThreadId, "Said in haste");
        _authorization.SignIn(_reader);
        var dialogs = _context.Render<MudDialogProvider>();
        var page = RenderPage();

        page.Find($"#c{own.Id} [data-testid='delete-button']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete your comment?", dialogs.Markup, StringComparison.Ordinal));
        Assert.Empty(dialogs.FindAll("[data-testid='dialog-reason']"));
        dialogs.Find("button[data-testid='dialog-confirm']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"#c{own.Id}")));
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid='dialog-confirm']")));
        Assert.Equal(CommentState.DeletedByAuthor, await ReadAsync(db => db.Comments.Where(c => c.Id == own.Id).Select(c => c.State).SingleAsync()));
    }

    [Fact]
    public async Task AReportCarriesTheReasonTyped()
    {
        var comment = await _forum.PostAsync(_writer, _forum.SeedThreadId, "Something rude");
        _authorization.SignIn(_reader);
        var dialogs = _context.Render<MudDialogProvider>();
        var page = RenderPage();

        page.Find($"#c{comment.Id} [data-testid='report-button']").Click();
        dialogs.WaitForElement("textarea[data-testid='dialog-reason']").Input("Name-calling");
        dialogs.Find("button[data-testid='dialog-confirm']").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid='dialog-confirm']")));
        Assert.Equal("Name-calling", await ReadAsync(db => db.Reports.Where(r => r.CommentId == comment.Id).Select(r => r.Reason).SingleAsync()));
    }

    [Fact]
    public async Task AReportThatFailsKeepsTheDialogOpenAndSaysWhy()
    {
        var comment = await _forum.PostAsync(_writer, _forum.SeedThreadId, "Something rude");
        _authorization.SignIn(_reader);
        var dialogs = _context.Render<MudDialogProvider>();
        var page = RenderPage();

        // A report needs a reason: confirmed empty, the service refuses and the dialog says so.
        page.Find($"#c{comment.Id} [data-testid='report-button']").Click();
        dialogs.WaitForElement("button[data-testid='dialog-confirm']").Click();

        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.Find("[data-testid='dialog-error']").TextContent.Trim()));
        Assert.NotNull(dialogs.Find("textarea[data-testid='dialog-reason']"));
        Assert.Equal(0, await ReadAsync(db => db.Reports.CountAsync(r => r.CommentId == comment.Id)));
    }

    [Fact]
    public async Task AModeratorLocksTheThreadWithAReason()
    {
        var moderator = await _forum.AddModeratorAsync();
        _authorization.SignIn(moderator);
        var dialogs = _context.Render<MudDialogProvider>();
        var page = RenderPage();

        page.Find("button[data-testid='lock-toggle']").Click();
        dialogs.WaitForElement("textarea[data-testid='dialog-reason']").Input("Cooling off");
        dialogs.Find("button[data-testid='dialog-confirm']").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='locked-banner']")));
        Assert.True(await ReadAsync(db => db.Threads.Where(t => t.Id == _forum.SeedThreadId).Select(t => t.Locked).SingleAsync()));
    }

    private IRenderedComponent<ThreadPage> RenderPage()
    {
        var page = _context.Render<ThreadPage>(parameters => parameters.Add(p => p.Id, _forum.SeedThreadId));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='viewing']")));
        return page;
    }

    private async Task<T> ReadAsync<T>(Func<ForumDbContext, Task<T>> read)
    {
        await using var db = await _forum.DbFactory.CreateDbContextAsync();
        return await read(db);
    }
}
