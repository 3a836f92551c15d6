using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Moderation;

/// <summary>Admins only: who holds the moderator role, and granting or revoking it.</summary>
public sealed class RoleService(IDbContextFactory<ForumDbContext> dbFactory, ForumGuard guard)
{
    /// <summary>The only role granted through the API and the admin page, as the API names it.</summary>
    public const string GrantableRole = "moderator";

    /// <summary>Everyone who holds the moderator or admin role, by name.</summary>
    public async Task<ForumResult<IReadOnlyList<MemberSummary>>> ListModeratorsAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await guard.RefuseAsync(db, user, ForumPermission.Administer, cancellationToken) is { } refused)
        {
            return refused;
        }

        var staff = await (
                from u in db.Users.AsNoTracking()
                where (from userRole in db.UserRoles
                       join role in db.Roles on userRole.RoleId equals role.Id
                       where role.Name == ForumRoles.Moderator || role.Name == ForumRoles.Admin
                       select userRole.UserId).Contains(u.Id)
                orderby u.NormalizedDisplayName
                select u)
            .ToListAsync(cancellationToken);
        return await MemberSummaries.OfAsync(db, staff, cancellationToken);
    }

    /// <summary>Makes a member a moderator or takes the role away; false when nothing had to change.</summary>
    public async Task<ForumResult<bool>> SetModeratorAsync(ClaimsPrincipal? user, long memberId, string? role, bool grant, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Administer, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (!string.Equals(role, GrantableRole, StringComparison.OrdinalIgnoreCase))
        {
            return ForumError.Invalid("role", $"Only the \"{GrantableRole}\" role is granted here.");
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var member = await db.Users.SingleOrDefaultAsync(u => u.Id == memberId, cancellationToken);
        if (member is null)
        {
            return ForumError.NotFound(MemberSummaries.NotFoundMessage);
        }

        var roleId = await db.Roles.Where(r => r.Name == ForumRoles.Moderator).Select(r => r.Id).SingleAsync(cancellationToken);
        var has = await db.UserRoles.AnyAsync(r => r.UserId == memberId && r.RoleId == roleId, cancellationToken);
        if (grant == has)
        {
            return false;
        }

        if (grant)
        {
            db.UserRoles.Add(new IdentityUserRole<long> { UserId = memberId, RoleId = roleId });
        }
        else
        {
            await db.UserRoles.Where(r => r.UserId == memberId && r.RoleId == roleId).ExecuteDeleteAsync(cancellationToken);
        }

        // A new stamp makes open sessions pick up the role change when they next revalidate.
        member.SecurityStamp = Guid.NewGuid().ToString("N");
        db.ModerationLog.Add(ModerationLog.ForMember(actor!, grant ? ModerationActions.GrantModerator : ModerationActions.RevokeModerator, member, guard.Now, null));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
