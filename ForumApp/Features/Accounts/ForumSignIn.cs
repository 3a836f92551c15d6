using ForumApp.Data;
using Microsoft.AspNetCore.Identity;

namespace ForumApp.Features.Accounts;

/// <summary>E-mail and password sign-in, shared by the log-in page (cookie) and the HTTP API (bearer token).</summary>
public static class ForumSignIn
{
    /// <summary>The one answer to every failed log-in: unknown e-mail, wrong password and locked-out account alike.</summary>
    public const string FailureMessage = "The e-mail or password is not right, or the account is locked for a while.";

    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<ForumUser>().HashPassword(new ForumUser(), Guid.NewGuid().ToString()));

    /// <summary>
    /// Signs in with the manager's current scheme. Failed attempts count towards lockout. Suspended members
    /// may sign in: suspension limits what they can post, not whether they can read.
    /// </summary>
    public static async Task<bool> PasswordSignInByEmailAsync(
        this SignInManager<ForumUser> signIn, string? email, string? password, bool isPersistent)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return false;
        }

        var user = await signIn.UserManager.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            // Spend the time a real check costs, so response time does not tell which e-mails exist.
            signIn.UserManager.PasswordHasher.VerifyHashedPassword(new ForumUser(), DummyHash.Value, password);
            return false;
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: true);
        return result.Succeeded;
    }
}
