using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static ForumApp.Tests.Accounts.AccountsAppFixture;

namespace ForumApp.Tests.Accounts;

/// <summary>/api/auth: registration, bearer tokens and refresh, against the contract in API.md.</summary>
public sealed class AccountsApiTests(AccountsAppFixture accounts) : IClassFixture<AccountsAppFixture>, IDisposable
{
    private const string LoginFailedTitle = "The e-mail or password is not right, or the account is locked for a while.";

    private readonly HttpClient _client = accounts.App.CreateClient();

    [Fact]
    public async Task RegisterAnswers201WithIdAndDisplayName()
    {
        var account = NewAccount("Reg");

        using var response = await _client.PostAsJsonAsync("/api/auth/register", account.Request);

        var body = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.True(body.GetProperty("id").GetInt64() > 0);
        Assert.Equal(account.DisplayName, body.GetProperty("displayName").GetString());
        Assert.Equal(2, body.EnumerateObject().Count());
    }

    [Theory]
    [InlineData("password", "Fine Name", "fine@example.test", "too-short")]
    [InlineData("email", "Fine Name", "not-an-email", "correct horse battery staple")]
    [InlineData("displayName", "Bad<Name>", "fine@example.test", "correct horse battery staple")]
    [InlineData("displayName", "ab", "fine@example.test", "correct horse battery staple")]
    public async Task RegisterRejectsABadFieldWithAnErrorKeyedByThatField(string field, string displayName, string email, string password)
    {
        // Unique values for the fields that are meant to be fine, so no other rule (uniqueness) fires.
        var unique = Guid.NewGuid().ToString("N")[..8];
        displayName = displayName == "Fine Name" ? $"Fine {unique}" : displayName;
        email = email == "fine@example.test" ? $"fine.{unique}@example.test" : email;

        using var response = await _client.PostAsJsonAsync("/api/auth/register", new { displayName, email, password });

        var errors = await FieldErrorsAsync(response);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public async Task RegisterRejectsAnEmailThatHasAnAccount()
    {
        var existing = await accounts.RegisterAsync();
        var again = NewAccount() with { Email = existing.Email.ToUpperInvariant() };

        using var response = await _client.PostAsJsonAsync("/api/auth/register", again.Request);

        var errors = await FieldErrorsAsync(response);
        Assert.Equal(["email"], errors.Keys);
    }

    [Fact]
    public async Task RegisterRejectsADisplayNameTakenInAnotherCase()
    {
        var existing = await accounts.RegisterAsync("Casey");
        var again = NewAccount() with { DisplayName = existing.DisplayName.ToUpperInvariant() };

        using var response = await _client.PostAsJsonAsync("/api/auth/register", again.Request);

        var errors = await FieldErrorsAsync(response);
        Assert.Equal(["displayName"], errors.Keys);
        Assert.Equal("That display name is taken.", Assert.Single(errors["displayName"]));
    }

    [Fact]
    public async Task LoginGivesABearerTokenThatPostsAComment()
    {
        var account = await accounts.RegisterAsync();

        var tokens = await LoginAsync(account.Email, account.Password);

        using var client = accounts.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        using var posted = await client.PostAsJsonAsync($"/api/threads/{await SeedThreadIdAsync()}/comments", new { body = "Signed in with a bearer token." });
        var comment = await ExpectAsync(posted, HttpStatusCode.Created);
        Assert.Equal(account.DisplayName, comment.GetProperty("author").GetString());
    }

    [Fact]
    public async Task RefreshGivesNewTokensOfTheSameShape()
    {
        var account = await accounts.RegisterAsync();
        var tokens = await LoginAsync(account.Email, account.Password);

        using var response = await _client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });

        AssertTokenShape(await ExpectAsync(response, HttpStatusCode.OK));
    }

    [Fact]
    public async Task RefreshRejectsAGarbageToken()
    {
        using var response = await _client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-refresh-token" });

        await ExpectAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task FailedLoginsLookTheSameForUnknownEmailWrongPasswordAndLockedAccount()
    {
        var account = await accounts.RegisterAsync();

        var unknown = await FailedLoginAsync($"nobody.{Guid.NewGuid():N}@example.test", account.Password);
        var wrong = await FailedLoginAsync(account.Email, "a wrong password entirely");
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await FailedLoginAsync(account.Email, "a wrong password entirely");
        }

        var locked = await FailedLoginAsync(account.Email, account.Password);

        Assert.Equal(unknown.Body, wrong.Body);
        Assert.Equal(unknown.Body, locked.Body);
        Assert.Equal(unknown.ContentType, locked.ContentType);
        using var problem = JsonDocument.Parse(unknown.Body);
        Assert.Equal(LoginFailedTitle, problem.RootElement.GetProperty("title").GetString());
        Assert.True(
            await accounts.WithUsersAsync(async users => await users.IsLockedOutAsync((await users.FindByEmailAsync(account.Email))!)),
            "five wrong passwords should lock the account");
    }

    [Fact]
    public async Task SuspendedMemberCanStillSignIn()
    {
        var account = await accounts.RegisterAsync();
        await accounts.WithUsersAsync(async users =>
        {
            var user = (await users.FindByEmailAsync(account.Email))!;
            user.SuspendedUntil = DateTime.UtcNow.AddDays(3);
            return await users.UpdateAsync(user);
        });

        AssertTokenShape(await LoginAsync(account.Email, account.Password));
    }

    [Fact]
    public async Task AnonymousCommentPostGets401ProblemJsonNotARedirect()
    {
        using var client = AccountsAppFixture.Browser(accounts.App);

        using var response = await client.PostAsJsonAsync($"/api/threads/{await SeedThreadIdAsync()}/comments", new { body = "Who am I?" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task SignedInMembersCarryTheirDisplayNameRatherThanOnlyTheirEmail()
    {
        var account = await accounts.RegisterAsync("Named");

        var principal = await accounts.WithUsersAsync(async users =>
        {
            await using var scope = accounts.App.Services.CreateAsyncScope();
            var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ForumUser>>();
            return await factory.CreateAsync((await users.FindByEmailAsync(account.Email))!);
        });

        Assert.Equal(account.DisplayName, ForumClaims.DisplayNameOf(principal));
        Assert.True(principal.IsInRole("Member"));
    }

    public void Dispose() => _client.Dispose();

    private async Task<JsonElement> LoginAsync(string email, string password)
    {
        using var response = await _client.PostAsJsonAsync("/api/auth/login", new { email, password });
        var tokens = await ExpectAsync(response, HttpStatusCode.OK);
        AssertTokenShape(tokens);
        return tokens;
    }

    private async Task<(string Body, string? ContentType)> FailedLoginAsync(string email, string password)
    {
        using var response = await _client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
    }

    private static void AssertTokenShape(JsonElement tokens)
    {
        ApiJson.AssertHasFields(tokens, ["tokenType", "accessToken", "expiresIn", "refreshToken"], "token response");
        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("accessToken").GetString()));
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refreshToken").GetString()));
        Assert.True(tokens.GetProperty("expiresIn").GetInt64() > 0);
    }

    private static async Task<Dictionary<string, string[]>> FieldErrorsAsync(HttpResponseMessage response)
    {
        var problem = await ExpectAsync(response, HttpStatusCode.BadRequest);
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    private async Task<long> SeedThreadIdAsync()
    {
        var threads = await _client.GetJsonAsync("/api/threads");
        return threads.EnumerateArray().Min(t => t.GetProperty("id").GetInt64());
    }
}
