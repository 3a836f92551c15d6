using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Accounts;

/// <summary>
/// One running app shared by the account tests. Per-address limits are raised, because every test client
/// comes from the same address; the tests of those limits start their own app.
/// </summary>
public sealed class AccountsAppFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";

    public ForumAppFactory App { get; } = new ForumAppFactory()
        .WithSetting("Forum:RegistrationsPerHourPerAddress", "1000")
        .WithSetting("Forum:LoginsPerMinutePerAddress", "1000")
        .WithSetting("Forum:PasswordResetsPerHourPerAddress", "1000");

    public Task InitializeAsync()
    {
        // Starts the app (migrations, seed import) before the first test.
        using var client = App.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
    }

    /// <summary>A browser: keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient Browser() => Browser(App);

    public static HttpClient Browser(ForumAppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static NewAccount NewAccount(string prefix = "member") => new(prefix);

    /// <summary>Registers through the API and returns the account.</summary>
    public Task<NewAccount> RegisterAsync(string prefix = "member") => RegisterAsync(App, prefix);

    public static async Task<NewAccount> RegisterAsync(ForumAppFactory app, string prefix = "member")
    {
        var account = NewAccount(prefix);
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/register", account.Request);
        await ExpectAsync(response, HttpStatusCode.Created);
        return account;
    }

    public async Task<T> WithUsersAsync<T>(Func<UserManager<ForumUser>, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>());
    }

    /// <summary>Asserts the status and returns the JSON body (or an empty object for an empty body).</summary>
    public static Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected) => ApiJson.ExpectAsync(response, expected);
}

/// <summary>Unique details for an account a test creates.</summary>
public sealed record NewAccount
{
    private static int _count;

    public NewAccount(string prefix)
    {
        var n = Interlocked.Increment(ref _count);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        DisplayName = $"{prefix} {n} {suffix}";
        Email = $"{prefix}{n}.{suffix}@example.test";
    }

    public string DisplayName { get; init; }
    public string Email { get; init; }
    public string Password { get; init; } = AccountsAppFixture.Password;

    public object Request => new { displayName = DisplayName, email = Email, password = Password };
}
