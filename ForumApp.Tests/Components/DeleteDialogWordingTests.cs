using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Pages;
using ForumApp.Tests.TestInfrastructure;
using MudBlazor;

namespace ForumApp.Tests.Components;

/// <summary>The delete dialog says what deleting will do, and deleting does just that.</summary>
public sealed class DeleteDialogWordingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset _importedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private TestForum _forum = null!;
    private BunitContext _context = null!;
    private BunitAuthorizationContext _authorization = null!;
    private TestMember _author = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateSeededAsync(_importedAt, new TestClock(_importedAt.AddMinutes(3)));
        _context = BunitSetup.CreateContext(_forum, out _authorization);
        _author = await _forum.AddMemberAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task ACommentWithoutRepliesIsSaidToGoAndGoes()
    {
        var own = await _forum.PostAsync(_author, _forum.SeedThreadId, "Said in haste");
        var (page, dialogs) = OpenDeleteDialog(own.Id);

        dialogs.WaitForAssertion(() => Assert.Contains("This comment will be removed.", dialogs.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("deleted by its author", dialogs.Markup, StringComparison.Ordinal);
        dialogs.Find("button[data-testid='dialog-confirm']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"#c{own.Id}")));
    }

    [Fact]
    public async Task ACommentWithRepliesIsSaidToStayAsANoteAndStays()
    {
        var own = await _forum.PostAsync(_author, _forum.SeedThreadId, "Started a discussion");
        await _forum.PostAsync(await _forum.AddMemberAsync(), _forum.SeedThreadId, "A reply", own.Id);
        var (page, dialogs) = OpenDeleteDialog(own.Id);

        dialogs.WaitForAssertion(() => Assert.Contains("This comment has replies, so it stays as “deleted by its author” to keep them in context.", dialogs.Markup, StringComparison.Ordinal));
        dialogs.Find("button[data-testid='dialog-confirm']").Click();

        page.WaitForAssertion(() => Assert.Equal("Comment deleted by its author", page.Find($"#c{own.Id} [data-testid='tombstone']").TextContent.Trim()));
    }

    private (IRenderedComponent<ThreadPage> Page, IRenderedComponent<MudDialogProvider> Dialogs) OpenDeleteDialog(long commentId)
    {
        _authorization.SignIn(_author);
        var dialogs = _context.Render<MudDialogProvider>();
        var page = _context.Render<ThreadPage>(parameters => parameters.Add(p => p.Id, _forum.SeedThreadId));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='viewing']")));
        page.Find($"#c{commentId} [data-testid='delete-button']").Click();
        return (page, dialogs);
    }
}
