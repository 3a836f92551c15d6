using ForumApp.Data;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Moderation;

/// <summary>Reads shared by member moderation and roles: members with their roles.</summary>
internal static class MemberSummaries
{
    public const string NotFoundMessage = "This member does not exist.";

    public static async Task<HashSet<string>> RolesOfAsync(ForumDbContext db, long userId, CancellationToken cancellationToken) =>
        (await (from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where userRole.UserId == userId
                select role.Name).ToListAsync(cancellationToken)).OfType<string>().ToHashSet();

    public static async Task<List<MemberSummary>> OfAsync(ForumDbContext db, List<ForumUser> users, CancellationToken cancellationToken)
    {
        var ids = users.Select(u => u.Id).ToList();
        var roles = (await (from userRole in db.UserRoles
                            join role in db.Roles on userRole.RoleId equals role.Id
                            where ids.Contains(userRole.UserId)
                            select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name ?? "");
        return users
            .Select(u => new MemberSummary(u.Id, u.DisplayName, u.CreatedAt, u.SuspendedUntil, u.SuspensionReason,
                roles[u.Id].Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }
}
