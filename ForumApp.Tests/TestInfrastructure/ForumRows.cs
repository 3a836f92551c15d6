using System.Globalization;
using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// Members and threads written straight to a forum database, for tests whose subject is something else: the rows
/// registration or a new thread would leave, made quickly and with any dates, roles or states a test needs.
/// </summary>
public static class ForumRows
{
    private static int _members;

    /// <summary>A member as registration leaves them (plus any <paramref name="roles"/>), created <paramref name="createdAt"/>.</summary>
    public static async Task<ForumUser> AddMemberAsync(
        this IDbContextFactory<ForumDbContext> database,
        string? displayName,
        DateTime createdAt,
        DateTime? suspendedUntil = null,
        string? email = null,
        IEnumerable<string>? roles = null)
    {
        var n = Interlocked.Increment(ref _members);
        email ??= $"member{n}.{Guid.NewGuid():N}@example.test";
        var user = new ForumUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            DisplayName = displayName ?? $"member {n}",
            NormalizedDisplayName = DisplayNames.Normalize(displayName ?? $"member {n}"),
            CreatedAt = createdAt,
            SuspendedUntil = suspendedUntil,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };

        await using var db = await database.CreateDbContextAsync();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        foreach (var role in roles ?? [])
        {
            var roleId = await db.Roles.Where(r => r.Name == role).Select(r => (long?)r.Id).SingleOrDefaultAsync();
            if (roleId is null)
            {
                var created = new IdentityRole<long>(role) { NormalizedName = role.ToUpperInvariant() };
                db.Roles.Add(created);
                await db.SaveChangesAsync();
                roleId = created.Id;
            }

            db.UserRoles.Add(new IdentityUserRole<long> { UserId = user.Id, RoleId = roleId.Value });
        }

        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>A thread with no comments, by nobody in particular, started <paramref name="at"/>.</summary>
    public static async Task<long> AddThreadAsync(
        this IDbContextFactory<ForumDbContext> database, DateTime at, string title = "A thread", bool locked = false, bool removed = false)
    {
        await using var db = await database.CreateDbContextAsync();
        var thread = new ForumThread
        {
            Title = title,
            Slug = ForumApp.Features.Threads.Slug.FromTitle(title),
            Body = "The article.",
            BodyFormat = BodyFormat.Markdown,
            BodyHtml = "<p>The article.</p>",
            AuthorName = "Author",
            CreatedAt = at,
            LastActivityAt = at,
            Locked = locked,
            RemovedAt = removed ? at : null,
        };
        db.Threads.Add(thread);
        await db.SaveChangesAsync();
        return thread.Id;
    }

    /// <summary>Locks or unlocks a thread the way a moderator's action leaves it, without the moderation log.</summary>
    public static async Task SetThreadLockedAsync(this IDbContextFactory<ForumDbContext> database, long threadId, bool locked = true)
    {
        await using var db = await database.CreateDbContextAsync();
        var changed = await db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Locked, locked));
        Assert.Equal(1, changed);
    }

    /// <summary>What a signed-in member's requests carry: the services look everything else up themselves.</summary>
    public static ClaimsPrincipal PrincipalOf(long userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId.ToString(CultureInfo.InvariantCulture))], "Test"));
}
