using System.Net;
using System.Net.Http.Json;
using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Accounts;

/// <summary>
/// Every log-in costs one password-hash verification, whatever the account's state: the time a log-in
/// takes must not tell an unknown e-mail, a wrong password and a locked-out account apart. Counted with a
/// wrapping hasher instead of timed, so the test does not depend on the machine's speed.
/// </summary>
public sealed class LoginWorkTests
{
    [Fact]
    public async Task UnknownWrongRightAndLockedOutLogInsEachVerifyOnePasswordHash()
    {
        var hasher = new CountingPasswordHasher();
        await using var factory = new ForumAppFactory().WithSetting("Forum:LoginsPerMinutePerAddress", "1000");
        using var app = factory.WithWebHostBuilder(host =>
            host.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<ForumUser>>(hasher)));
        var account = await AccountsAppFixture.RegisterAsync(factory);
        using var client = app.CreateClient();

        Assert.Equal((HttpStatusCode.Unauthorized, 1), await LogInAsync(client, hasher, "nobody." + account.Email, account.Password));
        Assert.Equal((HttpStatusCode.Unauthorized, 1), await LogInAsync(client, hasher, account.Email, "not the password at all"));
        Assert.Equal((HttpStatusCode.OK, 1), await LogInAsync(client, hasher, account.Email, account.Password));

        // Five failures lock the account; after that the right password is refused too, after the same work.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal((HttpStatusCode.Unauthorized, 1), await LogInAsync(client, hasher, account.Email, "still the wrong password"));
        }

        Assert.Equal((HttpStatusCode.Unauthorized, 1), await LogInAsync(client, hasher, account.Email, account.Password));
        Assert.Equal((HttpStatusCode.Unauthorized, 1), await LogInAsync(client, hasher, account.Email, "wrong while locked"));
    }

    private static async Task<(HttpStatusCode Status, int Verifications)> LogInAsync(
        HttpClient client, CountingPasswordHasher hasher, string email, string password)
    {
        var before = hasher.Verifications;
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        return (response.StatusCode, hasher.Verifications - before);
    }

    private sealed class CountingPasswordHasher : IPasswordHasher<ForumUser>
    {
        private readonly PasswordHasher<ForumUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(ForumUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ForumUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
