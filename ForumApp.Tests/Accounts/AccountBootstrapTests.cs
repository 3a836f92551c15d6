using System.Net;
using System.Net.Http.Json;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static ForumApp.Tests.Accounts.AccountsAppFixture;

namespace ForumApp.Tests.Accounts;

/// <summary>Roles, demo accounts and configured admins, ensured at start-up.</summary>
public sealed class AccountBootstrapTests
{
    [Fact]
    public async Task DemoAccountsExistWithTheirRolesWhenSwitchedOn()
    {
        await using var app = new ForumAppFactory().WithSetting("Forum:DemoAccounts", "true");

        var roles = await RolesByEmailAsync(app, AccountBootstrap.DemoAccounts.Select(d => d.Email));

        Assert.Equal(["Member"], roles["member@forum.test"]);
        Assert.Equal(["Member", "Moderator"], roles["moderator@forum.test"]);
        Assert.Equal(["Admin", "Member"], roles["admin@forum.test"]);
        using var client = app.CreateClient();
        foreach (var demo in AccountBootstrap.DemoAccounts)
        {
            using var login = await client.PostAsJsonAsync("/api/auth/login", new { email = demo.Email, password = demo.Password });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
    }

    [Fact]
    public async Task NoDemoAccountsOutsideDevelopmentByDefault()
    {
        await using var app = new ForumAppFactory();

        var roles = await RolesByEmailAsync(app, AccountBootstrap.DemoAccounts.Select(d => d.Email));

        Assert.Empty(roles);
    }

    [Fact]
    public async Task ConfiguredAdminEmailGetsTheAdminRoleOnRegistration()
    {
        await using var app = new ForumAppFactory().WithSetting("Forum:AdminEmails:0", "boss@x.test");
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/register", new { displayName = "The Boss", email = "boss@x.test", password = Password });
        await ExpectAsync(response, HttpStatusCode.Created);
        using var other = await client.PostAsJsonAsync("/api/auth/register", NewAccount().Request);
        await ExpectAsync(other, HttpStatusCode.Created);

        var roles = await RolesByEmailAsync(app, ["boss@x.test"]);
        Assert.Equal(["Admin", "Member"], roles["boss@x.test"]);
    }

    [Fact]
    public async Task ConfiguredAdminEmailOfAnExistingAccountGetsTheAdminRoleAtStart()
    {
        var dataFolder = TestFolders.NewTempFolder("app");
        await using (var first = new ForumAppFactory(dataFolder))
        {
            using var client = first.CreateClient();
            using var response = await client.PostAsJsonAsync("/api/auth/register", new { displayName = "Later Boss", email = "later@x.test", password = Password });
            await ExpectAsync(response, HttpStatusCode.Created);
        }

        Dictionary<string, string[]> roles;
        await using (var restarted = new ForumAppFactory(dataFolder).WithSetting("Forum:AdminEmails:0", "later@x.test"))
        {
            roles = await RolesByEmailAsync(restarted, ["later@x.test"]);
        }

        TestFolders.TryDelete(dataFolder);
        Assert.Equal(["Admin", "Member"], roles["later@x.test"]);
    }

    /// <summary>Sorted role names of each listed e-mail that has an account.</summary>
    private static async Task<Dictionary<string, string[]>> RolesByEmailAsync(ForumAppFactory app, IEnumerable<string> emails)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>();
        var roles = new Dictionary<string, string[]>();
        foreach (var email in emails)
        {
            if (await users.FindByEmailAsync(email) is { } user)
            {
                roles[email] = [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)];
            }
        }

        return roles;
    }
}
