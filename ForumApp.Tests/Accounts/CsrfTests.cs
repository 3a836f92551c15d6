using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ForumApp.Tests.Accounts.AccountsAppFixture;

namespace ForumApp.Tests.Accounts;

/// <summary>
/// Every static form refuses a post without its antiforgery token, and changes nothing; the cookies that
/// carry a session cannot be read by script or sent by other sites' forms.
/// </summary>
public sealed partial class CsrfTests(AccountsAppFixture accounts) : IClassFixture<AccountsAppFixture>
{
    public static TheoryData<string> Forms => new()
    {
        "/account/login",
        "/account/register",
        "/account/forgot-password",
        "/account/reset-password",
        "/account/manage/password",
        "/account/logout",
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task APostWithoutTheAntiforgeryTokenIsRefusedAndChangesNothing(string formPage)
    {
        var account = await accounts.RegisterAsync();
        using var browser = accounts.Browser();
        var form = await FilledFormAsync(browser, formPage, account);
        Assert.True(form.Fields.ContainsKey(HtmlForms.AntiforgeryField), $"The form of {formPage} carries no antiforgery token.");
        var before = await AccountStateAsync();
        var mailsBefore = MailCount();

        using var response = await browser.PostFormAsync(form.Without(HtmlForms.AntiforgeryField));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(SetCookies(response), cookie => cookie.StartsWith("forum.auth=", StringComparison.Ordinal));
        Assert.Equal(before, await AccountStateAsync());
        Assert.Equal(mailsBefore, MailCount());
        await ExpectApiLoginAsync(account.Email, account.Password);
        if (formPage == "/account/logout")
        {
            // Still signed in: the members-only page answers instead of sending the browser to log in.
            using var stillSignedIn = await browser.GetAsync("/account/manage/password");
            Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
        }
    }

    [Fact]
    public async Task TheSessionCookieIsHttpOnlyLaxAndSecureOverHttps()
    {
        var account = await accounts.RegisterAsync();
        using var browser = accounts.App.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });
        var form = (await browser.GetFormAsync("/account/login")).With(("Input.Email", account.Email), ("Input.Password", account.Password));

        using var response = await browser.PostFormAsync(form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var session = Assert.Single(SetCookies(response), cookie => cookie.StartsWith("forum.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", session, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", session, StringComparison.Ordinal);
        Assert.Contains("secure", session, StringComparison.Ordinal);
        Assert.Contains("path=/", session, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAntiforgeryCookieIsHttpOnlyAndStrict()
    {
        using var browser = accounts.Browser();

        using var response = await browser.GetAsync("/account/login");

        var antiforgery = Assert.Single(SetCookies(response), cookie => cookie.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", antiforgery, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.Ordinal);
    }

    /// <summary>The page's form with valid values, as a member would send it (the logout form from a signed-in page).</summary>
    private async Task<PageForm> FilledFormAsync(HttpClient browser, string formPage, NewAccount account)
    {
        const string newPassword = "a brand new long password";
        switch (formPage)
        {
            case "/account/login":
                return (await browser.GetFormAsync(formPage)).With(("Input.Email", account.Email), ("Input.Password", account.Password));
            case "/account/register":
                var newcomer = NewAccount();
                return (await browser.GetFormAsync(formPage)).With(
                    ("Input.DisplayName", newcomer.DisplayName), ("Input.Email", newcomer.Email),
                    ("Input.Password", newcomer.Password), ("Input.ConfirmPassword", newcomer.Password));
            case "/account/forgot-password":
                return (await browser.GetFormAsync(formPage)).With(("Input.Email", account.Email));
            case "/account/reset-password":
                var resetLink = await RequestResetLinkAsync(browser, account.Email);
                return (await browser.GetFormAsync(resetLink)).With(
                    ("Input.Email", account.Email), ("Input.Password", newPassword), ("Input.ConfirmPassword", newPassword));
            case "/account/manage/password":
                await SignInAsync(browser, account);
                return (await browser.GetFormAsync(formPage)).With(
                    ("Input.CurrentPassword", account.Password), ("Input.NewPassword", newPassword), ("Input.ConfirmPassword", newPassword));
            case "/account/logout":
                await SignInAsync(browser, account);
                var page = await browser.GetPageAsync("/account/manage/password");
                var logout = page.Forms.Single(f => f.Action?.EndsWith("/account/logout", StringComparison.Ordinal) == true);
                return HtmlForms.ReadForm(logout, "/account/manage/password");
            default:
                throw new ArgumentOutOfRangeException(nameof(formPage), formPage, "No form filler for this page.");
        }
    }

    private static async Task SignInAsync(HttpClient browser, NewAccount account)
    {
        var form = (await browser.GetFormAsync("/account/login")).With(("Input.Email", account.Email), ("Input.Password", account.Password));
        using var response = await browser.PostFormAsync(form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<string> RequestResetLinkAsync(HttpClient browser, string email)
    {
        var form = (await browser.GetFormAsync("/account/forgot-password")).With(("Input.Email", email));
        using (var response = await browser.PostFormAsync(form))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var folder = Path.Combine(accounts.App.DataFolder, "mail");
        var mail = Directory.GetFiles(folder).Select(File.ReadAllText).Single(text => text.StartsWith($"To: {email}\n", StringComparison.Ordinal));
        return new Uri(ResetLink().Match(mail).Value).PathAndQuery;
    }

    private async Task ExpectApiLoginAsync(string email, string password)
    {
        using var client = accounts.App.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Every account's stamps: any change of password, sign-in state or registration shows here.</summary>
    private async Task<string> AccountStateAsync()
    {
        await using var scope = accounts.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.Id)
            .Select(u => u.Id + ":" + u.SecurityStamp + ":" + u.ConcurrencyStamp + ":" + u.PasswordHash)
            .ToListAsync();
        return string.Join("|", rows);
    }

    private int MailCount()
    {
        var folder = Path.Combine(accounts.App.DataFolder, "mail");
        return Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0;
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];

    [GeneratedRegex(@"https?://\S+/account/reset-password\?code=[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();
}
