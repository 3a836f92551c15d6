using System.Net;
using System.Text.RegularExpressions;
using ForumApp.Tests.Accounts;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Security;

/// <summary>
/// A password-reset link takes its address from configuration, never from the Host header of the request that
/// asked for it: otherwise anyone could ask for a member's reset with <c>Host: evil.example</c> and the genuine
/// mail would carry the member's reset code to the attacker's site.
/// </summary>
public sealed partial class PasswordResetLinkHostTests
{
    [Fact]
    public async Task AForgedHostNeverReachesTheResetLink()
    {
        await using var app = new ForumAppFactory();
        var account = await AccountsAppFixture.RegisterAsync(app);

        await RequestResetAsync(app, account.Email, host: "evil.example");

        // Without Forum:PublicBaseUrl a request from a host other than this machine gets no mail at all.
        Assert.Empty(LinksTo(app, account.Email));

        // From this machine (development, tests) the request's own address is used.
        await RequestResetAsync(app, account.Email, host: null);
        var link = Assert.Single(LinksTo(app, account.Email));
        Assert.StartsWith("http://localhost/account/reset-password?code=", link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAPublicAddressTheLinkUsesItWhateverTheHost()
    {
        await using var app = new ForumAppFactory().WithSetting("Forum:PublicBaseUrl", "https://forum.example.org/");
        var account = await AccountsAppFixture.RegisterAsync(app);

        await RequestResetAsync(app, account.Email, host: "evil.example");

        var link = Assert.Single(LinksTo(app, account.Email));
        Assert.StartsWith("https://forum.example.org/account/reset-password?code=", link, StringComparison.Ordinal);
    }

    private static async Task RequestResetAsync(ForumAppFactory app, string email, string? host)
    {
        using var browser = AccountsAppFixture.Browser(app);
        var form = (await browser.GetFormAsync("/account/forgot-password")).With(("Input.Email", email));
        using var request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = new FormUrlEncodedContent(form.Fields) };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        using var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("If an account uses that address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static List<string> LinksTo(ForumAppFactory app, string email)
    {
        var folder = Path.Combine(app.DataFolder, "mail");
        return !Directory.Exists(folder)
            ? []
            : Directory.GetFiles(folder)
                .Select(File.ReadAllText)
                .Where(mail => mail.StartsWith($"To: {email}\n", StringComparison.Ordinal))
                .SelectMany(mail => ResetLink().Matches(mail).Select(m => m.Value))
                .ToList();
    }

    [GeneratedRegex(@"\S+/account/reset-password\?code=[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();
}
