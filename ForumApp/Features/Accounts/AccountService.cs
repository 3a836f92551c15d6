using ForumApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Accounts;

public sealed record RegistrationResult(ForumUser? User, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => User is not null;
}

/// <summary>Creating accounts, shared by the register page and the HTTP API.</summary>
public sealed class AccountService(UserManager<ForumUser> users, TimeProvider clock, IOptions<AccountOptions> options)
{
    public async Task<RegistrationResult> RegisterAsync(string? displayName, string? email, string? password)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (DisplayNames.Check(displayName) is { } nameProblem)
        {
            Add("displayName", nameProblem);
        }

        if (string.IsNullOrWhiteSpace(email) || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email.Trim()))
        {
            Add("email", "Enter a valid e-mail address.");
        }

        if (string.IsNullOrEmpty(password) || password.Length < 12)
        {
            Add("password", "Use at least 12 characters for the password.");
        }

        if (errors.Count > 0)
        {
            return Failed(errors);
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
            foreach (var error in created.Errors)
            {
                Add(FieldOf(error.Code), Describe(error));
            }

            return Failed(errors);
        }

        await users.AddToRoleAsync(user, ForumRoles.Member);
        if (IsAdminEmail(user.Email))
        {
            await users.AddToRoleAsync(user, ForumRoles.Admin);
        }

        return new RegistrationResult(user, new Dictionary<string, string[]>());
    }

    public bool IsAdminEmail(string? email) =>
        email is not null && options.Value.AdminEmails.Any(a => string.Equals(a.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase));

    private static RegistrationResult Failed(Dictionary<string, List<string>> errors) =>
        new(null, errors.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray()));

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
        "PasswordTooShort" => "Use at least 12 characters for the password.",
        _ => error.Description,
    };
}
