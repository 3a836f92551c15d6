using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ForumApp.Tests.Accounts;

/// <summary>
/// Signing out and changing the password end every session of the account at once, cookies and bearer
/// tokens alike; a refresh token works once, and using an old one again ends its whole family.
/// </summary>
public sealed class SessionEndTests(AccountsAppFixture accounts) : IClassFixture<AccountsAppFixture>
{
    [Fact]
    public async Task ACopyOfTheCookieTakenBeforeSignOutOpensNothingAfterIt()
    {
        using var session = await CookieSession.StartAsync(accounts.App);
        using var thief = RawClient();
        Assert.Equal(HttpStatusCode.OK, await StatusWithCookieAsync(thief, session.Cookie));

        await SignOutAsync(session.Browser);

        Assert.Equal(HttpStatusCode.Redirect, await StatusWithCookieAsync(thief, session.Cookie));
    }

    [Fact]
    public async Task SigningOutInTheBrowserEndsTheAccountsBearerTokens()
    {
        using var session = await CookieSession.StartAsync(accounts.App);
        var tokens = await ApiLogInAsync(session.Account);
        Assert.Equal(HttpStatusCode.BadRequest, await PostEmptyThreadAsync(tokens.Access));

        await SignOutAsync(session.Browser);

        Assert.Equal(HttpStatusCode.Unauthorized, await PostEmptyThreadAsync(tokens.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.Refresh)).Status);
    }

    [Fact]
    public async Task ChangingThePasswordEndsOtherSessionsAndKeepsThisOne()
    {
        using var session = await CookieSession.StartAsync(accounts.App);
        var tokens = await ApiLogInAsync(session.Account);
        const string newPassword = "an entirely new passphrase";

        var form = (await session.Browser.GetFormAsync("/account/manage/password")).With(
            ("Input.CurrentPassword", session.Account.Password), ("Input.NewPassword", newPassword), ("Input.ConfirmPassword", newPassword));
        using (var changed = await session.Browser.PostFormAsync(form))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        }

        using var thief = RawClient();
        Assert.Equal(HttpStatusCode.Redirect, await StatusWithCookieAsync(thief, session.Cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostEmptyThreadAsync(tokens.Access));
        using var stillIn = await session.Browser.GetAsync("/account/manage/password");
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }

    [Fact]
    public async Task ARefreshTokenWorksOnceAndReusingItEndsTheWholeFamily()
    {
        var account = await accounts.RegisterAsync();
        var first = await ApiLogInAsync(account);
        var other = await ApiLogInAsync(account);

        var second = await RefreshAsync(first.Refresh);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.NotEqual(first.Refresh, second.Tokens!.Refresh);

        // The old token again: whoever holds it, the family ends, the rotated tokens with it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(first.Refresh)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(second.Tokens.Refresh)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await PostEmptyThreadAsync(second.Tokens.Access));

        // Another log-in of the same account is its own family and goes on.
        Assert.Equal(HttpStatusCode.BadRequest, await PostEmptyThreadAsync(other.Access));
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(other.Refresh)).Status);
    }

    [Fact]
    public async Task AnAccessTokenInUseIsRefusedTheMomentItsFamilyEnds()
    {
        var account = await accounts.RegisterAsync();
        var first = await ApiLogInAsync(account);
        var second = await RefreshAsync(first.Refresh);
        Assert.Equal(HttpStatusCode.BadRequest, await PostEmptyThreadAsync(second.Tokens!.Access));

        // Reusing the old refresh token ends the family while its newest access token was just found standing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(first.Refresh)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, await PostEmptyThreadAsync(second.Tokens.Access));
    }

    private sealed record Tokens(string Access, string Refresh);

    private HttpClient RawClient() =>
        accounts.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<HttpStatusCode> StatusWithCookieAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/manage/password");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task SignOutAsync(HttpClient browser)
    {
        var page = await browser.GetPageAsync("/account/manage/password");
        var logout = page.Forms.Single(f => f.Action?.EndsWith("/account/logout", StringComparison.Ordinal) == true);
        using var response = await browser.PostFormAsync(HtmlForms.ReadForm(logout, "/account/manage/password"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<Tokens> ApiLogInAsync(NewAccount account)
    {
        using var client = accounts.App.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password });
        return Read(await AccountsAppFixture.ExpectAsync(response, HttpStatusCode.OK));
    }

    private async Task<(HttpStatusCode Status, Tokens? Tokens)> RefreshAsync(string refreshToken)
    {
        using var client = accounts.App.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null);
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, Read(body.RootElement));
    }

    /// <summary>400 (an empty title) when the token is accepted, 401 when it is not: nothing is created either way.</summary>
    private async Task<HttpStatusCode> PostEmptyThreadAsync(string accessToken)
    {
        using var client = accounts.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.PostAsJsonAsync("/api/threads", new { title = "", body = "" });
        return response.StatusCode;
    }

    private static Tokens Read(JsonElement body) =>
        new(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
}
