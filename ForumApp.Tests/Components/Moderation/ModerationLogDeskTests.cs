using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Moderation;
using ForumApp.Tests.TestInfrastructure;
using MudBlazor;

namespace ForumApp.Tests.Components.Moderation;

/// <summary>The moderation log as moderators read it: names instead of ids, one row per action, threads by their title.</summary>
public sealed class ModerationLogDeskTests : IAsyncLifetime
{
    private readonly TestClock _clock = new(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero), TestClockTimers.Real);
    private TestForum _forum = null!;
    private BunitContext _context = null!;
    private BunitAuthorizationContext _authorization = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync(_clock);
        _context = BunitSetup.CreateContext(_forum, out _authorization);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task ASubtreeRemovalIsOneRowAndALockNamesItsThread()
    {
        var (maria, otto, thread, _) = await RemovalAndLockAsync();
        _authorization.SignIn(maria);
        var page = _context.Render<ModerationPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-log-id]").Count));
        var batch = page.Find("[data-testid='log-batch']").Closest("tr")!;
        Assert.Equal("Removed 4 comments", batch.QuerySelector("[data-action]")!.TextContent.Trim());
        Assert.Equal(4, batch.QuerySelectorAll("[data-batch-item]").Length);
        Assert.Contains("Off topic", batch.TextContent, StringComparison.Ordinal);
        var lockRow = page.Find("[data-testid='log-thread-title']").Closest("tr")!;
        Assert.Equal(thread.Title, lockRow.QuerySelector("[data-testid='log-thread-title']")!.TextContent.Trim());
        Assert.Contains(otto.DisplayName, lockRow.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Carla", lockRow.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiltersTakeModeratorAndMemberNames()
    {
        var (maria, _, _, _) = await RemovalAndLockAsync();
        _authorization.SignIn(maria);
        var page = _context.Render<ModerationPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-log-id]").Count));

        NameFilter(page, "Moderator").Find("input").Change("OTTO");
        page.Find("[data-testid='log-filters']").Submit();
        page.WaitForAssertion(() => Assert.Equal("lock-thread", Assert.Single(page.FindAll("[data-action]")).GetAttribute("data-action")));

        NameFilter(page, "Moderator").Find("input").Change("");
        NameFilter(page, "Member").Find("input").Change("larry");
        page.Find("[data-testid='log-filters']").Submit();
        page.WaitForAssertion(() => Assert.Equal("remove-comment", Assert.Single(page.FindAll("[data-action]")).GetAttribute("data-action")));
    }

    private async Task<(TestMember Maria, TestMember Otto, Features.Threads.NewThread Thread, long RootId)> RemovalAndLockAsync()
    {
        var maria = await _forum.AddModeratorAsync("Mod Maria");
        var otto = await _forum.AddModeratorAsync("Mod Otto");
        var carla = await _forum.AddMemberAsync("Careful Carla");
        var larry = await _forum.AddMemberAsync("Loud Larry");
        var thread = await _forum.StartThreadAsync(carla, "Tabs or spaces");
        var root = await _forum.PostAsync(larry, thread.Id, "Tabs are for fools");
        var reply = await _forum.PostAsync(larry, thread.Id, "Really", root.Id);
        await _forum.PostAsync(larry, thread.Id, "Truly", reply.Id);
        await _forum.PostAsync(larry, thread.Id, "Also", root.Id);
        TestForum.Succeeded(await _forum.CommentModeration.RemoveCommentAsync(maria.Principal, root.Id, "Off topic", includeReplies: true));
        _clock.Advance(TimeSpan.FromMinutes(1));
        TestForum.Succeeded(await _forum.ThreadModeration.LockThreadAsync(otto.Principal, thread.Id, "Cooling off"));
        return (maria, otto, thread, root.Id);
    }

    private static IRenderedComponent<MudTextField<string>> NameFilter(IRenderedComponent<ModerationPage> page, string label) =>
        page.FindComponents<MudTextField<string>>().Single(field => field.Instance.Label == label);
}
