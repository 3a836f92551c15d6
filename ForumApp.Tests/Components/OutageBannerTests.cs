using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Shared;
using ForumApp.Components.Threads;
using ForumApp.Features.Threads;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Components;

/// <summary>While another process holds the database, pages say so and pause posting; the draft stays.</summary>
public sealed class OutageBannerTests : IAsyncLifetime
{
    private TestForum _forum = null!;
    private BunitContext _context = null!;
    private BunitAuthorizationContext _authorization = null!;
    private BunitJSModuleInterop _editorModule = null!;
    private TestMember _member = null!;
    private NewThread _thread = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync();
        _context = BunitSetup.CreateContext(_forum, out _authorization);
        _editorModule = _context.JSInterop.SetupModule("./Components/Threads/ReplyEditor.razor.js");
        _member = await _forum.AddMemberAsync();
        _thread = await _forum.StartThreadAsync(_member);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task TheBannerShowsWhileTheDatabaseIsHeldAndGoesWhenItIsBack()
    {
        var banner = _context.Render<DatabaseBanner>();
        Assert.Empty(banner.FindAll("[data-testid='database-banner']"));

        await using (await DatabaseLockHolder.TakeAsync(_forum.DatabaseFilePath))
        {
            await _forum.Availability.ProbeAsync();
            banner.WaitForAssertion(() => Assert.Contains(
                "database is not answering", banner.Find("[data-testid='database-banner']").TextContent, StringComparison.Ordinal));
        }

        await _forum.Availability.ProbeAsync();
        banner.WaitForAssertion(() => Assert.Empty(banner.FindAll("[data-testid='database-banner']")));
    }

    [Fact]
    public async Task PostingIsPausedWithTheDraftKeptAndResumesByItself()
    {
        _authorization.SignIn(_member);
        var editor = _context.Render<ReplyEditor>(parameters => parameters.Add(p => p.ThreadId, _thread.Id));
        // The text is typed in the browser; the editor asks the module for it when it sends.
        _editorModule.Setup<string>("getText", _ => true).SetResult("Written while the database was away");

        await using (await DatabaseLockHolder.TakeAsync(_forum.DatabaseFilePath))
        {
            await _forum.Availability.ProbeAsync();
            editor.WaitForAssertion(() => Assert.True(editor.Find("[data-testid='editor-submit']").HasAttribute("disabled")));
            Assert.Contains("Posting is paused", editor.Find("[data-testid='editor-paused']").TextContent, StringComparison.Ordinal);

            // The reader may keep writing meanwhile, and nothing took the text out of the editor.
            Assert.False(editor.Find("textarea").HasAttribute("disabled"));
            Assert.Empty(_editorModule.Invocations["clearSent"]);
        }

        await _forum.Availability.ProbeAsync();
        editor.WaitForAssertion(() => Assert.False(editor.Find("[data-testid='editor-submit']").HasAttribute("disabled")));
        Assert.Empty(editor.FindAll("[data-testid='editor-paused']"));

        editor.Find("[data-testid='editor-submit']").Click();

        // A successful post empties the editor: the module clears what was sent.
        editor.WaitForAssertion(() => Assert.Contains(
            _editorModule.Invocations["clearSent"], call => Equals(call.Arguments[1], "Written while the database was away")));
        await using var db = await _forum.DbFactory.CreateDbContextAsync();
        Assert.True(await db.Comments.AnyAsync(c => c.ThreadId == _thread.Id && c.Body == "Written while the database was away"));
    }
}
