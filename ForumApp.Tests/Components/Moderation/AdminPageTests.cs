using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Moderation;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Moderation;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Components.Moderation;

public sealed class AdminPageTests : IAsyncLifetime
{
    private TestForum _forum = null!;
    private BunitContext _context = null!;
    private BunitAuthorizationContext _authorization = null!;
    private TestMember _admin = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync();
        _context = BunitSetup.CreateContext(_forum, out _authorization);
        _admin = await _forum.AddMemberAsync("Admin Ada", ForumRoles.Admin);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task AnAdminAppointsAModeratorFoundByNameAndRevokesThem()
    {
        // The app creates every role at start-up; here the first moderator brings the role into the database.
        var colleague = await _forum.AddModeratorAsync("Mod Colleague");
        var member = await _forum.AddMemberAsync("Helpful Hana");
        _authorization.SignIn(_admin);
        var page = _context.Render<AdminPage>();
        page.WaitForElement("input[data-testid='member-query']").Input("hana");
        page.Find("[data-testid='member-search']").Submit();

        page.WaitForElement($"[data-member-id='{member.Id}'] button[data-testid='grant']").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-testid='staff-list'] [data-member-id='{member.Id}']")));
        Assert.NotNull(page.Find($"[data-testid='staff-list'] [data-member-id='{colleague.Id}']"));
        Assert.True(await IsModeratorAsync(member.Id));
        Assert.Equal(ModerationActions.GrantModerator, await ReadAsync(db => db.ModerationLog.Select(e => e.Action).SingleAsync()));

        page.Find($"[data-testid='staff-list'] [data-member-id='{member.Id}'] button[data-testid='revoke']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid='staff-list'] [data-member-id='{member.Id}']")));
        Assert.False(await IsModeratorAsync(member.Id));
    }

    [Fact]
    public async Task AModeratorIsToldOnlyAdminsManageRoles()
    {
        var moderator = await _forum.AddModeratorAsync("Mod Milo");
        _authorization.SignIn(moderator);

        var page = _context.Render<AdminPage>();

        page.WaitForAssertion(() => Assert.Contains("Only an admin", page.Find("[data-testid='admin-refused']").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid='staff-list']"));
        Assert.DoesNotContain("Admin Ada", page.Markup, StringComparison.Ordinal);
    }

    private Task<bool> IsModeratorAsync(long memberId) => ReadAsync(db =>
        (from userRole in db.UserRoles
         join role in db.Roles on userRole.RoleId equals role.Id
         where userRole.UserId == memberId && role.Name == ForumRoles.Moderator
         select userRole).AnyAsync());

    private async Task<T> ReadAsync<T>(Func<ForumDbContext, Task<T>> read)
    {
        await using var db = await _forum.DbFactory.CreateDbContextAsync();
        return await read(db);
    }
}
