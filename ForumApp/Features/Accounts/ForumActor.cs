using System.Security.Claims;
using ForumApp.Data;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Accounts;

/// <summary>
/// The acting member as the database knows them now. Services load it on every action: a cookie or a
/// circuit can be many minutes old, roles and suspensions are not.
/// </summary>
public sealed record ForumActor(long Id, string DisplayName, DateTime CreatedAt, DateTime? SuspendedUntil, IReadOnlySet<string> Roles)
{
    public bool IsModerator => Roles.Contains(ForumRoles.Moderator) || Roles.Contains(ForumRoles.Admin);
    public bool IsAdmin => Roles.Contains(ForumRoles.Admin);

    public bool IsSuspendedAt(DateTime now) => SuspendedUntil is { } until && until > now;

    public static long? IdOf(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static async Task<ForumActor?> LoadAsync(ForumDbContext db, ClaimsPrincipal? principal, CancellationToken cancellationToken)
    {
        if (IdOf(principal) is not { } id)
        {
            return null;
        }

        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new { u.Id, u.DisplayName, u.CreatedAt, u.SuspendedUntil })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where userRole.UserId == id
                select role.Name)
            .ToListAsync(cancellationToken);

        return new ForumActor(user.Id, user.DisplayName, user.CreatedAt, user.SuspendedUntil, roles.OfType<string>().ToHashSet());
    }
}
