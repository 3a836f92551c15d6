using ForumApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Accounts;

/// <summary>Runs with Identity's own validators on every create and update, whatever the entry point.</summary>
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
        var taken = await db.Users.AnyAsync(u => u.NormalizedDisplayName == user.NormalizedDisplayName && u.Id != user.Id);
        return taken
            ? IdentityResult.Failed(new IdentityError { Code = "DuplicateDisplayName", Description = "That display name is taken." })
            : IdentityResult.Success;
    }
}
