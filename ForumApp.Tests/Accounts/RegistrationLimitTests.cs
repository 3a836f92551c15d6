using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Tests.TestInfrastructure;
using static ForumApp.Tests.Accounts.AccountsAppFixture;

namespace ForumApp.Tests.Accounts;

/// <summary>Accounts per client address per hour: one budget for the API and the register page.</summary>
public sealed class RegistrationLimitTests
{
    [Fact]
    public async Task RegisteringBeyondTheHourlyLimitOfAnAddressGets429WithRetryAfter()
    {
        await using var app = new ForumAppFactory().WithSetting("Forum:RegistrationsPerHourPerAddress", "2");
        using var client = app.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await client.PostAsJsonAsync("/api/auth/register", NewAccount().Request);
            await ExpectAsync(allowed, HttpStatusCode.Created);
        }

        using var refused = await client.PostAsJsonAsync("/api/auth/register", NewAccount().Request);

        var problem = await ExpectAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Too many accounts were created from your network. Try again in ", problem.GetProperty("title").GetString());
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
    }

    [Fact]
    public async Task TheRegisterPageSharesTheBudgetOfTheApi()
    {
        await using var app = new ForumAppFactory().WithSetting("Forum:RegistrationsPerHourPerAddress", "1");
        using (var api = app.CreateClient())
        using (var allowed = await api.PostAsJsonAsync("/api/auth/register", NewAccount().Request))
        {
            await ExpectAsync(allowed, HttpStatusCode.Created);
        }

        using var browser = Browser(app);
        var account = NewAccount();
        var form = (await browser.GetFormAsync("/account/register")).With(
            ("Input.DisplayName", account.DisplayName),
            ("Input.Email", account.Email),
            ("Input.Password", account.Password),
            ("Input.ConfirmPassword", account.Password));

        using var response = await browser.PostFormAsync(form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.StartsWith("Too many accounts were created from your network. Try again in ", page.TextOf("[role=alert]"));
    }
}
