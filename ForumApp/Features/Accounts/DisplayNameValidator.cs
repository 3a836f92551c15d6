using ForumApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Accounts;

/// <summary>
/// Runs with Identity's own validators on every create and update, whatever the entry point. Uniqueness is by
/// look-alike skeleton (<see cref="DisplayNames.Normalize"/>), which the unique index holds.
/// </summary>
internal sealed class DisplayNameValidator(IDbContextFactory<ForumDbContext> dbFactory) : IUserValidator<ForumUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<ForumUser> manager, ForumUser user)
    {
        var problem = DisplayNames.Check(user.DisplayName);
        if (problem is not null)
        {
            return IdentityResult.Failed(new IdentityError { Code = "InvalidDisplayName", Description = problem });
        }

        user.DisplayName = user.DisplayName.Trim();
        user.NormalizedDisplayName = DisplayNames.Normalize(user.DisplayName);
        await using var db = await dbFactory.CreateDbContextAsync();

        // Reserved names are refused when a name is chosen, not when an account that has one changes its password.
        var unchanged = user.Id != 0
            && await db.Users.AnyAsync(u => u.Id == user.Id && u.DisplayName == user.DisplayName);
        if (!unchanged && DisplayNames.IsReserved(user.DisplayName))
        {
            return IdentityResult.Failed(new IdentityError { Code = "ReservedDisplayName", Description = "That display name is reserved." });
        }

        var taken = await db.Users.AnyAsync(u => u.NormalizedDisplayName == user.NormalizedDisplayName && u.Id != user.Id);
        return taken
            ? IdentityResult.Failed(new IdentityError { Code = "DuplicateDisplayName", Description = "That display name is taken." })
            : IdentityResult.Success;
    }
}
