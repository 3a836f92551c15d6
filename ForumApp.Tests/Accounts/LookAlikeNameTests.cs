using System.Net;
using System.Net.Http.Json;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Accounts;

/// <summary>Display names are unique by their look-alike skeleton, and the seed's author and staff-like names are reserved.</summary>
public sealed class LookAlikeNameTests(AccountsAppFixture accounts) : IClassFixture<AccountsAppFixture>
{
    [Theory]
    [InlineData("Demo Moderatоr")] // Cyrillic о
    [InlineData("Ｄemo Moderator")] // full-width D
    [InlineData("Demo Moderator.")]
    [InlineData("demo moderator")]
    [InlineData("Demo_Moderator")]
    [InlineData("Dеmо Mоdеrаtоr")] // Cyrillic е, о, а
    [InlineData("Demo Μoderator")] // Greek capital Mu
    [InlineData("Demo Moderat0r")]
    public void LookAlikesShareTheSkeleton(string lookAlike) =>
        Assert.Equal(DisplayNames.Normalize("Demo Moderator"), DisplayNames.Normalize(lookAlike));

    [Theory]
    [InlineData("Demo Moderators")]
    [InlineData("Demo Moderatrix")]
    public void DifferentNamesKeepDifferentSkeletons(string other) =>
        Assert.NotEqual(DisplayNames.Normalize("Demo Moderator"), DisplayNames.Normalize(other));

    [Fact]
    public async Task ALookAlikeOfAnExistingNameIsRefused()
    {
        var original = await accounts.RegisterAsync("Lookalike");
        var cyrillic = original.DisplayName.Replace('o', 'о').Replace('e', 'е').Replace('a', 'а');
        Assert.NotEqual(original.DisplayName, cyrillic);

        foreach (var lookAlike in new[] { cyrillic, original.DisplayName + ".", "Ｌ" + original.DisplayName[1..] })
        {
            var errors = await RefusedAsync(lookAlike);
            Assert.Contains("That display name is taken.", errors);
        }

        await using var scope = accounts.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var stored = await db.Users.Where(u => u.Email == original.Email).Select(u => u.NormalizedDisplayName).SingleAsync();
        Assert.Equal(DisplayNames.Normalize(original.DisplayName), stored);
    }

    [Theory]
    [InlineData("Anonymous")]
    [InlineData("Anonymоus")] // Cyrillic о
    [InlineData("anonymous.")]
    [InlineData("Moderator")]
    [InlineData("Admin")]
    public async Task ReservedNamesAreRefused(string name)
    {
        var errors = await RefusedAsync(name);
        Assert.Contains("That display name is reserved.", errors);
    }

    private async Task<string[]> RefusedAsync(string displayName)
    {
        var account = AccountsAppFixture.NewAccount() with { DisplayName = displayName };
        using var client = accounts.App.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/register", account.Request);
        var problem = await AccountsAppFixture.ExpectAsync(response, HttpStatusCode.BadRequest);
        return problem.GetProperty("errors").GetProperty("displayName").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }
}
