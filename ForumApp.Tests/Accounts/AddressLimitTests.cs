using System.Net;
using System.Net.Http.Json;
using ForumApp.Tests.TestInfrastructure;
using static ForumApp.Tests.Accounts.AccountsAppFixture;

namespace ForumApp.Tests.Accounts;

/// <summary>Log-in attempts per client address: the static log-in page and the API draw on one budget.</summary>
public sealed class AddressLimitTests
{
    private const string Limited = "Too many sign-in attempts from your network. Try again in ";

    [Fact]
    public async Task TheLogInPageRefusesAnAddressPastItsLimitAndOtherAddressesGoOn()
    {
        await using var app = new ForumAppFactory()
            .WithSetting("Forum:LoginsPerMinutePerAddress", "2")
            .WithSetting("Forum:RegistrationsPerHourPerAddress", "100");
        var account = await RegisterAsync(app);
        using var guesser = ClientAt.Browser(app, "203.0.113.7");

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var wrong = await PostLogInAsync(guesser, account.Email, "not the password at all");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Equal(ForumApp.Features.Accounts.LoginService.FailureMessage, (await wrong.ReadPageAsync()).TextOf("[role=alert]"));
        }

        // Even the right password waits: the address has used its attempts.
        using var refused = await PostLogInAsync(guesser, account.Email, account.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.StartsWith(Limited, (await refused.ReadPageAsync()).TextOf("[role=alert]"));
        Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.DoesNotContain(refused.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("forum.auth=", StringComparison.Ordinal));

        using var elsewhere = ClientAt.Browser(app, "198.51.100.20");
        using var signedIn = await PostLogInAsync(elsewhere, account.Email, account.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task TheApiAndTheLogInPageShareOneBudget()
    {
        await using var app = new ForumAppFactory().WithSetting("Forum:LoginsPerMinutePerAddress", "1");
        var account = await RegisterAsync(app);
        using var client = ClientAt.Browser(app, "203.0.113.8");

        using (var api = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = "wrong password, once" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }

        using var page = await PostLogInAsync(client, account.Email, account.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);

        using var apiAgain = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password });
        var problem = await ExpectAsync(apiAgain, HttpStatusCode.TooManyRequests);
        Assert.StartsWith(Limited, problem.GetProperty("title").GetString());
        Assert.Single(apiAgain.Headers.GetValues("Retry-After"));
    }

    private static async Task<HttpResponseMessage> PostLogInAsync(HttpClient browser, string email, string password)
    {
        var form = (await browser.GetFormAsync("/account/login")).With(("Input.Email", email), ("Input.Password", password));
        return await browser.PostFormAsync(form);
    }
}
