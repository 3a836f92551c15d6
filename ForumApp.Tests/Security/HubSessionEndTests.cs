using System.Net;
using System.Net.Http.Json;
using ForumApp.Tests.Accounts;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Security;

/// <summary>
/// Signing out or changing the password ends every session of the account, and that includes live hub
/// connections opened with one of its tokens: a thief's open WebSocket must not go on posting as the member
/// after the member has changed the password. Real WebSockets on Kestrel.
/// </summary>
public sealed class HubSessionEndTests
{
    [Fact]
    public async Task ChangingThePasswordClosesTheAccountsOpenHubConnections()
    {
        await using var app = new ForumAppFactory().WithHighLimits();
        var server = app.StartOnKestrel();
        var account = await AccountsAppFixture.RegisterAsync(app);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server };
        var login = (await browser.GetFormAsync("/account/login")).With(("Input.Email", account.Email), ("Input.Password", account.Password));
        using (var signedIn = await browser.PostFormAsync(login))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var token = await ApiLogInAsync(app, account);

        await using var thief = await ThreadsHubClient.ConnectAsync(server, token);
        await thief.JoinThreadAsync(1, 0);
        await thief.PostCommentAsync(1, null, "Posted while the token stands.");

        const string newPassword = "an entirely new passphrase";
        var form = (await browser.GetFormAsync("/account/manage/password")).With(
            ("Input.CurrentPassword", account.Password), ("Input.NewPassword", newPassword), ("Input.ConfirmPassword", newPassword));
        using (var changed = await browser.PostFormAsync(form))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        }

        await Eventually.True(() => thief.IsClosed, "the hub connection opened with the old token should close");

        // A new connection with the same token is only an anonymous watcher: it can no longer post.
        await using var again = await ThreadsHubClient.ConnectAsync(server, token);
        await HubErrors.AssertFailsWithAsync("401", () => again.PostCommentAsync(1, null, "Posted after the password changed."));
    }

    private static async Task<string> ApiLogInAsync(ForumAppFactory app, NewAccount account)
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password });
        var body = await ApiJson.ExpectAsync(response, HttpStatusCode.OK);
        return body.GetProperty("accessToken").GetString()!;
    }
}
