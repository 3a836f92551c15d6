using System.Net;
using ForumApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Accounts;

/// <summary>
/// The new account; or field errors keyed <c>displayName</c>, <c>email</c>, <c>password</c>; or, when the
/// client address has used up its registrations, how long to wait.
/// </summary>
public sealed record RegistrationResult(ForumUser? User, IReadOnlyDictionary<string, string[]> Errors, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => User is not null;

    /// <summary>The sentence to show when <see cref="RetryAfter"/> is set.</summary>
    public string? LimitMessage => RetryAfter is { } wait ? RegistrationLimits.Describe(wait) : null;
}

/// <summary>Creating accounts, shared by the register page and the HTTP API.</summary>
public sealed class AccountService(
    UserManager<ForumUser> users, RegistrationLimits limits, TimeProvider clock, IOptions<AccountOptions> options)
{
    /// <summary>Identity is configured with the same length (AccountsSetup); no composition rules.</summary>
    public const int MinPasswordLength = 12;

    /// <summary>
    /// Checks the fields, then takes one of the client address's registrations (a refused duplicate
    /// e-mail spends one too, which slows down probing for registered addresses), then creates the
    /// account with the Member role, and Admin for a configured admin e-mail.
    /// </summary>
    public async Task<RegistrationResult> RegisterAsync(string? displayName, string? email, string? password, IPAddress? clientAddress)
    {
        var fieldErrors = CheckFields(displayName, email, password);
        if (fieldErrors.Count > 0)
        {
            return new RegistrationResult(null, fieldErrors);
        }

        if (limits.TryTake(clientAddress) is { } retryAfter)
        {
            return new RegistrationResult(null, new Dictionary<string, string[]>(), retryAfter);
        }

        var user = new ForumUser
        {
            UserName = email!.Trim(),
            Email = email.Trim(),
            DisplayName = displayName!.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
        {
            var errors = created.Errors
                .GroupBy(error => FieldOf(error.Code))
                .ToDictionary(group => group.Key, group => group.Select(Describe).Distinct().ToArray());
            return new RegistrationResult(null, errors);
        }

        await users.AddToRoleAsync(user, ForumRoles.Member);
        if (IsAdminEmail(user.Email))
        {
            await users.AddToRoleAsync(user, ForumRoles.Admin);
        }

        return new RegistrationResult(user, new Dictionary<string, string[]>());
    }

    /// <summary>
    /// The rules that need no database (uniqueness is checked on creation), keyed like the API's field
    /// errors. The register page also runs them, to show every problem of a form post at once.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> CheckFields(string? displayName, string? email, string? password)
    {
        var errors = new Dictionary<string, string[]>();
        if (DisplayNames.Check(displayName) is { } nameProblem)
        {
            errors["displayName"] = [nameProblem];
        }

        if (string.IsNullOrWhiteSpace(email) || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email.Trim()))
        {
            errors["email"] = ["Enter a valid e-mail address."];
        }

        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            errors["password"] = [$"Use at least {MinPasswordLength} characters for the password."];
        }

        return errors;
    }

    public bool IsAdminEmail(string? email) =>
        email is not null && options.Value.AdminEmails.Any(a => string.Equals(a.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string FieldOf(string code) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => "password",
        _ when code.Contains("DisplayName", StringComparison.Ordinal) => "displayName",
        _ => "email",
    };

    // Identity speaks of "user names"; here the user name is the e-mail.
    private static string Describe(IdentityError error) => error.Code switch
    {
        "DuplicateUserName" or "DuplicateEmail" => "An account with this e-mail already exists.",
        "InvalidUserName" or "InvalidEmail" => "Enter a valid e-mail address.",
        "PasswordTooShort" => $"Use at least {MinPasswordLength} characters for the password.",
        _ => error.Description,
    };
}
