using System.Net;
using ForumApp.Data;
using Microsoft.AspNetCore.Identity;

namespace ForumApp.Features.Accounts;

public enum LoginStatus
{
    SignedIn,
    Failed,
    Limited,
}

/// <summary>How a log-in went; <see cref="RetryAfter"/> is set when the client address used up its attempts.</summary>
public sealed record LoginOutcome(LoginStatus Status, TimeSpan? RetryAfter = null)
{
    public string? LimitMessage => RetryAfter is { } wait ? LoginLimits.Describe(wait) : null;
}

/// <summary>
/// E-mail and password log-in for the log-in page (cookie) and the HTTP API (bearer token): one budget per
/// client address, per-account lockout, and the same work and answer whatever the account's state.
/// </summary>
public sealed class LoginService(SignInManager<ForumUser> signIn, LoginLimits limits, BearerSessions bearerSessions)
{
    /// <summary>The one answer to every failed log-in: unknown e-mail, wrong password and locked-out account alike.</summary>
    public const string FailureMessage = "The e-mail or password is not right, or the account is locked for a while.";

    // A hash of a password nobody knows, so an unknown e-mail costs one verification like a known one.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<ForumUser>().HashPassword(new ForumUser(), Guid.NewGuid().ToString()));

    /// <summary>Signs in with the Identity cookie (the static log-in page).</summary>
    public Task<LoginOutcome> SignInWithCookieAsync(string? email, string? password, bool isPersistent, IPAddress? clientAddress) =>
        SignInAsync(email, password, clientAddress, user => signIn.SignInAsync(user, isPersistent));

    /// <summary>Signs in with a bearer token: the bearer handler writes the token response; each log-in starts a token family.</summary>
    public Task<LoginOutcome> SignInWithTokenAsync(string? email, string? password, IPAddress? clientAddress) =>
        SignInAsync(email, password, clientAddress, async user =>
        {
            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, await bearerSessions.StartFamilyAsync(user));
        });

    /// <summary>
    /// Exactly one password verification for every attempt that passes the address limit: a dummy one for
    /// an unknown e-mail, and the real one also for a locked-out account (Identity's own sign-in checks the
    /// lockout first and answers at once, which told locked accounts, and so existing ones, by the time taken).
    /// Suspended members may sign in: suspension limits what they can post, not whether they can read.
    /// </summary>
    private async Task<LoginOutcome> SignInAsync(string? email, string? password, IPAddress? clientAddress, Func<ForumUser, Task> signInUser)
    {
        if (limits.TryTake(clientAddress) is { } wait)
        {
            return new LoginOutcome(LoginStatus.Limited, wait);
        }

        var users = signIn.UserManager;
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null || string.IsNullOrEmpty(password))
        {
            users.PasswordHasher.VerifyHashedPassword(new ForumUser(), DummyHash.Value, password ?? "");
            return new LoginOutcome(LoginStatus.Failed);
        }

        var passwordRight = await users.CheckPasswordAsync(user, password);
        if (await users.IsLockedOutAsync(user) || !await signIn.CanSignInAsync(user))
        {
            return new LoginOutcome(LoginStatus.Failed);
        }

        if (!passwordRight)
        {
            await users.AccessFailedAsync(user);
            return new LoginOutcome(LoginStatus.Failed);
        }

        await users.ResetAccessFailedCountAsync(user);
        await signInUser(user);
        return new LoginOutcome(LoginStatus.SignedIn);
    }
}
