using System.Net;
using ForumApp.Components.Account.Pages;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Accounts;

/// <summary>
/// Password-reset mails are limited per client address and per account, and the page answers the same
/// whether a mail went out, the limit held it back or no account uses the address.
/// </summary>
public sealed class PasswordResetLimitTests
{
    [Fact]
    public async Task RequestsPastEitherLimitSendNoMailAndGetTheSameAnswer()
    {
        await using var app = new ForumAppFactory()
            .WithSetting("Forum:RegistrationsPerHourPerAddress", "1000")
            .WithSetting("Forum:PasswordResetsPerHourPerAddress", "6")
            .WithSetting("Forum:PasswordResetsPerDayPerAccount", "2");
        var target = await AccountsAppFixture.RegisterAsync(app);
        var other = await AccountsAppFixture.RegisterAsync(app);
        var third = await AccountsAppFixture.RegisterAsync(app);
        using var browser = AccountsAppFixture.Browser(app);

        // Four in a row for one account: two mails, then the account's limit.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(ForgotPasswordPage.SentMessage, await RequestAsync(browser, target.Email));
        }

        Assert.Equal(2, MailsTo(app, target.Email));

        // The address has one request left: another account still gets its mail, then the address is done.
        Assert.Equal(ForgotPasswordPage.SentMessage, await RequestAsync(browser, "nobody.at.all@example.test"));
        Assert.Equal(ForgotPasswordPage.SentMessage, await RequestAsync(browser, other.Email));
        Assert.Equal(ForgotPasswordPage.SentMessage, await RequestAsync(browser, third.Email));
        Assert.Equal(1, MailsTo(app, other.Email));
        Assert.Equal(0, MailsTo(app, third.Email));
    }

    private static async Task<string> RequestAsync(HttpClient browser, string email)
    {
        var form = (await browser.GetFormAsync("/account/forgot-password")).With(("Input.Email", email));
        using var response = await browser.PostFormAsync(form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadPageAsync()).TextOf("[role=status]");
    }

    private static int MailsTo(ForumAppFactory app, string email)
    {
        var folder = Path.Combine(app.DataFolder, "mail");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder).Count(file => File.ReadAllText(file).StartsWith($"To: {email}\n", StringComparison.Ordinal))
            : 0;
    }
}
