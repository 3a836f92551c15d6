using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ForumApp.Tests.TestInfrastructure;
using static ForumApp.Tests.Accounts.AccountsAppFixture;

namespace ForumApp.Tests.Accounts;

/// <summary>The static server-rendered account pages, driven over HTTP like a browser without scripts.</summary>
public sealed partial class AccountPagesTests(AccountsAppFixture accounts) : IClassFixture<AccountsAppFixture>, IDisposable
{
    private const string AuthCookie = "forum.auth";
    private const string LoginFailed = "The e-mail or password is not right, or the account is locked for a while.";

    private readonly HttpClient _browser = accounts.Browser();

    [Fact]
    public async Task AccountPagesAreStaticEvenThoughTheRestOfTheAppIsInteractive()
    {
        using var response = await _browser.GetAsync("/account/login");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Blazor:{\"type\":\"server\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__RequestVerificationToken\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisteringThroughTheFormSignsTheNewMemberIn()
    {
        var account = NewAccount("Former");
        var form = await RegisterFormAsync(account);

        using var response = await _browser.PostFormAsync(form);

        AssertRedirect(response, "/");
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith($"{AuthCookie}=", StringComparison.Ordinal));
        using var members = await _browser.GetAsync("/account/manage/password");
        Assert.Equal(HttpStatusCode.OK, members.StatusCode);
    }

    [Fact]
    public async Task RegisterFormShowsEachProblemNextToItsField()
    {
        var form = (await RegisterFormAsync(NewAccount())).With(
            ("Input.DisplayName", "no <tags>"),
            ("Input.Password", "short"),
            ("Input.ConfirmPassword", "short"));

        using var response = await _browser.PostFormAsync(form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Equal("A display name may contain letters, digits, spaces and . _ - only.", page.TextOf("#account-displayname-help .mud-input-error"));
        Assert.Equal("Use at least 12 characters for the password.", page.TextOf("#account-password-help .mud-input-error"));
        Assert.Null(page.QuerySelector("#account-email-help .mud-input-error"));
        Assert.Equal("", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#account-password")!).Value);
    }

    [Fact]
    public async Task RegisterFormGoesBackToALocalReturnUrl()
    {
        var form = (await _browser.GetFormAsync("/account/register?ReturnUrl=%2Fthreads%2F1")).With(Filled(NewAccount()));

        using var response = await _browser.PostFormAsync(form);

        AssertRedirect(response, "/threads/1");
    }

    [Fact]
    public async Task FilledHoneypotLooksLikeSuccessButCreatesNoAccount()
    {
        var account = NewAccount("Bot");
        var form = (await RegisterFormAsync(account)).With(("website", "https://spam.example"));

        using var response = await _browser.PostFormAsync(form);

        AssertRedirect(response, "/");
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(cookie => cookie.StartsWith($"{AuthCookie}=", StringComparison.Ordinal)));
        Assert.Null(await accounts.WithUsersAsync(users => users.FindByEmailAsync(account.Email)));
    }

    [Fact]
    public async Task SigningInSetsTheCookieAndFollowsOnlyLocalReturnUrls()
    {
        var account = await accounts.RegisterAsync();

        using (var local = await SignInAsync(_browser, account, "/account/login?ReturnUrl=%2Fthreads%2F1"))
        {
            AssertRedirect(local, "/threads/1");
            Assert.Contains(local.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith($"{AuthCookie}=", StringComparison.Ordinal));
        }

        using var other = accounts.Browser();
        using var offsite = await SignInAsync(other, account, "/account/login?ReturnUrl=https%3A%2F%2Fevil.example%2F");
        AssertRedirect(offsite, "/");
    }

    [Fact]
    public async Task WrongPasswordUnknownEmailAndLockoutShowTheSameSingleMessage()
    {
        var account = await accounts.RegisterAsync();
        var unknown = NewAccount();

        var answers = new List<(HttpStatusCode Status, string Message)>
        {
            await FailedSignInAsync(account with { Password = "not the password at all" }),
            await FailedSignInAsync(unknown),
        };
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await FailedSignInAsync(account with { Password = "not the password at all" });
        }

        answers.Add(await FailedSignInAsync(account));

        Assert.All(answers, answer => Assert.Equal((HttpStatusCode.OK, LoginFailed), answer));
    }

    [Fact]
    public async Task FormPostWithoutTheAntiforgeryTokenIsRefused()
    {
        var account = await accounts.RegisterAsync();
        var form = (await _browser.GetFormAsync("/account/login"))
            .With(("Input.Email", account.Email), ("Input.Password", account.Password))
            .Without(HtmlForms.AntiforgeryField);

        using var response = await _browser.PostFormAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith($"{AuthCookie}=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ChangingThePasswordNeedsASignedInMember()
    {
        using var response = await _browser.GetAsync("/account/manage/password");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Faccount%2Fmanage%2Fpassword", response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedPasswordIsTheOneThatSignsIn()
    {
        var account = await accounts.RegisterAsync();
        (await SignInAsync(_browser, account)).Dispose();
        const string newPassword = "a brand new passphrase";

        var form = (await _browser.GetFormAsync("/account/manage/password")).With(
            ("Input.CurrentPassword", account.Password),
            ("Input.NewPassword", newPassword),
            ("Input.ConfirmPassword", newPassword));
        using var response = await _browser.PostFormAsync(form);

        AssertRedirect(response, "/account/manage/password");
        var page = await _browser.GetPageAsync("/account/manage/password");
        Assert.Equal("Your password has been changed.", page.TextOf("[role=status]"));
        await ExpectApiLoginAsync(account.Email, newPassword, HttpStatusCode.OK);
        await ExpectApiLoginAsync(account.Email, account.Password, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SigningOutNeedsAPostWithTheAntiforgeryToken()
    {
        var account = await accounts.RegisterAsync();
        (await SignInAsync(_browser, account)).Dispose();

        // Any page's form carries a token for the signed-in member.
        var token = (await _browser.GetFormAsync("/account/manage/password")).Fields[HtmlForms.AntiforgeryField];
        using (var forged = await _browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["ReturnUrl"] = "/" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using var response = await _browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [HtmlForms.AntiforgeryField] = token,
            ["ReturnUrl"] = "/threads/1",
        }));

        AssertRedirect(response, "/threads/1");
        using var members = await _browser.GetAsync("/account/manage/password");
        Assert.Equal(HttpStatusCode.Redirect, members.StatusCode);
    }

    [Fact]
    public async Task ForgotPasswordMailsALinkThatResetsThePassword()
    {
        var account = await accounts.RegisterAsync();
        const string newPassword = "reset to something new";

        var sent = await RequestResetAsync(account.Email);

        var mail = Assert.Single(MailsTo(account.Email));
        var link = ResetLink().Match(await File.ReadAllTextAsync(mail));
        Assert.True(link.Success, $"No reset link in:\n{await File.ReadAllTextAsync(mail)}");
        var reset = (await _browser.GetFormAsync(new Uri(link.Value).PathAndQuery)).With(
            ("Input.Email", account.Email),
            ("Input.Password", newPassword),
            ("Input.ConfirmPassword", newPassword));
        using var response = await _browser.PostFormAsync(reset);

        AssertRedirect(response, "/account/login");
        await ExpectApiLoginAsync(account.Email, newPassword, HttpStatusCode.OK);

        // An address without an account reads the same, and nothing is sent.
        var stranger = NewAccount().Email;
        Assert.Equal(sent, await RequestResetAsync(stranger));
        Assert.Empty(MailsTo(stranger));
    }

    [Fact]
    public async Task ResetLinkCannotBeUsedTwice()
    {
        var account = await accounts.RegisterAsync();
        await RequestResetAsync(account.Email);
        var path = new Uri(ResetLink().Match(await File.ReadAllTextAsync(Assert.Single(MailsTo(account.Email)))).Value).PathAndQuery;

        for (var use = 1; use <= 2; use++)
        {
            var form = (await _browser.GetFormAsync(path)).With(
                ("Input.Email", account.Email),
                ("Input.Password", $"new password number {use}"),
                ("Input.ConfirmPassword", $"new password number {use}"));
            using var response = await _browser.PostFormAsync(form);
            if (use == 1)
            {
                AssertRedirect(response, "/account/login");
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("expired or was already used", (await response.ReadPageAsync()).TextOf("[role=alert]"), StringComparison.Ordinal);
            }
        }

        await ExpectApiLoginAsync(account.Email, "new password number 1", HttpStatusCode.OK);
    }

    public void Dispose() => _browser.Dispose();

    private async Task<PageForm> RegisterFormAsync(NewAccount account) =>
        (await _browser.GetFormAsync("/account/register")).With(Filled(account));

    private static (string, string)[] Filled(NewAccount account) =>
    [
        ("Input.DisplayName", account.DisplayName),
        ("Input.Email", account.Email),
        ("Input.Password", account.Password),
        ("Input.ConfirmPassword", account.Password),
    ];

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, NewAccount account, string url = "/account/login")
    {
        var form = (await browser.GetFormAsync(url)).With(("Input.Email", account.Email), ("Input.Password", account.Password));
        var response = await browser.PostFormAsync(form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private async Task<(HttpStatusCode, string)> FailedSignInAsync(NewAccount account)
    {
        var form = (await _browser.GetFormAsync("/account/login")).With(("Input.Email", account.Email), ("Input.Password", account.Password));
        using var response = await _browser.PostFormAsync(form);
        var page = await response.ReadPageAsync();
        return (response.StatusCode, page.TextOf("[role=alert]"));
    }

    private async Task<string> RequestResetAsync(string email)
    {
        var form = (await _browser.GetFormAsync("/account/forgot-password")).With(("Input.Email", email));
        using var response = await _browser.PostFormAsync(form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadPageAsync()).TextOf("[role=status]");
    }

    private IEnumerable<string> MailsTo(string email)
    {
        var folder = Path.Combine(accounts.App.DataFolder, "mail");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder).Where(file => File.ReadAllText(file).StartsWith($"To: {email}\n", StringComparison.Ordinal))
            : [];
    }

    private async Task ExpectApiLoginAsync(string email, string password, HttpStatusCode expected)
    {
        using var client = accounts.App.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(expected, response.StatusCode);
    }

    private static void AssertRedirect(HttpResponseMessage response, string path)
    {
        Assert.True(
            response.StatusCode == HttpStatusCode.Redirect,
            $"Expected a redirect to {path}, got {(int)response.StatusCode}:\n{response.Content.ReadAsStringAsync().Result}");
        var location = response.Headers.Location!;
        Assert.Equal(path, location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
    }

    [GeneratedRegex(@"https?://\S+/account/reset-password\?code=[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();
}
