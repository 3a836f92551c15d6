using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Moderation;
using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Components.Moderation;

/// <summary>The members tab lists who is suspended, until when and why, and lifts a suspension from the list.</summary>
public sealed class SuspendedMembersTests : IAsyncLifetime
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
    public async Task SuspendedMembersAreListedWithTheirEndAndReasonAndCanBeLetBack()
    {
        var moderator = await _forum.AddModeratorAsync("Mod Maria");
        var larry = await _forum.AddMemberAsync("Loud Larry");
        var active = await _forum.AddMemberAsync("Quiet Quentin");
        var until = _clock.UtcNow.UtcDateTime.AddDays(3);
        TestForum.Succeeded(await _forum.MemberModeration.SuspendAsync(moderator.Principal, larry.Id, until, "Name-calling", "none", null));
        _authorization.SignIn(moderator);

        var page = _context.Render<ModerationPage>(parameters => parameters.Add(p => p.Section, "members"));

        var row = page.WaitForElement($"[data-suspended-id='{larry.Id}']");
        Assert.Contains("Loud Larry", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("Name-calling", row.QuerySelector("[data-testid='suspended-reason']")!.TextContent.Trim());
        Assert.Contains(ForumApp.Components.Shared.RelativeTimeText.Absolute(until), row.QuerySelector("[data-testid='suspended-until']")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll($"[data-suspended-id='{active.Id}']"));

        row.QuerySelector("button[data-testid='unsuspend-listed']")!.Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='no-suspended']")));
        await using var db = await _forum.DbFactory.CreateDbContextAsync();
        Assert.Null(await db.Users.Where(u => u.Id == larry.Id).Select(u => u.SuspendedUntil).SingleAsync());
    }
}
