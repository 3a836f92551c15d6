using System.Globalization;
using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>Members written straight to the database, for service tests that never sign in through Identity.</summary>
public static class TestUsers
{
    public static async Task<ForumUser> AddAsync(
        ForumDbContext db, string displayName, DateTime createdAt, DateTime? suspendedUntil = null, string? email = null)
    {
        email ??= $"{Guid.NewGuid():N}@example.test";
        var user = new ForumUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            DisplayName = displayName,
            NormalizedDisplayName = DisplayNames.Normalize(displayName),
            CreatedAt = createdAt,
            SuspendedUntil = suspendedUntil,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>What a signed-in member's requests carry: the services look everything else up themselves.</summary>
    public static ClaimsPrincipal PrincipalOf(long userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId.ToString(CultureInfo.InvariantCulture))], "Test"));
}
