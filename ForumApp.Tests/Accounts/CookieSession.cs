using System.Net;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Accounts;

/// <summary>A member signed in through the log-in page, and the raw value of their session cookie.</summary>
public sealed record CookieSession(NewAccount Account, HttpClient Browser, string Cookie) : IDisposable
{
    /// <summary>Registers (optionally with a role), signs in with the log-in form and keeps the cookie.</summary>
    public static async Task<CookieSession> StartAsync(ForumAppFactory app, string? role = null)
    {
        var account = await AccountsAppFixture.RegisterAsync(app, role ?? "member");
        if (role is not null)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>();
            var user = await users.FindByEmailAsync(account.Email);
            Assert.True((await users.AddToRoleAsync(user!, role)).Succeeded);
        }

        var browser = AccountsAppFixture.Browser(app);
        var form = (await browser.GetFormAsync("/account/login")).With(("Input.Email", account.Email), ("Input.Password", account.Password));
        using var response = await browser.PostFormAsync(form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith(AccountsSetup.SessionCookieName + "=", StringComparison.Ordinal));
        return new CookieSession(account, browser, cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]);
    }

    /// <summary>A request carrying only this session's cookie, as a browser sends it with another page's form.</summary>
    public HttpRequestMessage Request(HttpMethod method, string url, string? origin = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("Cookie", Cookie);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    public async Task<long> UserIdAsync(ForumAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        return await db.Users.Where(u => u.Email == Account.Email).Select(u => u.Id).SingleAsync();
    }

    public void Dispose() => Browser.Dispose();
}
