using System.Globalization;
using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Accounts;

/// <summary>
/// Bearer tokens are self-contained, so on their own they outlive sign-out and can be refreshed again and
/// again from one stolen copy. Each API log-in therefore starts a token family, a row in Identity's user
/// tokens holding the generation of its one valid refresh token. A refresh takes the current generation
/// and moves it on; presenting an older one means two parties hold the family, so the whole family ends.
/// Access tokens carry their family, which is checked on every request (a family found standing is remembered for
/// a second, see <see cref="StandingTokenFamilies"/>); sign-out and password change and
/// reset end every family of the account (<see cref="EndAllAsync"/>). The security stamp is checked at
/// refresh: it also changes when a moderator role is granted, which should not cut off a token in use.
/// </summary>
public sealed class BearerSessions(
    SignInManager<ForumUser> signIn,
    IDbContextFactory<ForumDbContext> dbFactory,
    IOptionsMonitor<BearerTokenOptions> bearerOptions,
    TimeProvider clock,
    ForumEventBus bus,
    StandingTokenFamilies standing)
{
    public const string LoginProvider = "ForumApp.TokenFamily";
    public const string FamilyClaim = "forum:token-family";
    public const string GenerationClaim = "forum:token-generation";

    /// <summary>Starts a family for a new log-in; the claims go into its first tokens. Ended families of the account are pruned.</summary>
    public async Task<Claim[]> StartFamilyAsync(ForumUser user, CancellationToken cancellationToken = default)
    {
        var family = Guid.NewGuid().ToString("N");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var old = await db.UserTokens.Where(t => t.UserId == user.Id && t.LoginProvider == LoginProvider).ToListAsync(cancellationToken);
        db.UserTokens.RemoveRange(old.Where(t => Parse(t.Value).ExpiresAt <= now));
        db.UserTokens.Add(new IdentityUserToken<long>
        {
            UserId = user.Id,
            LoginProvider = LoginProvider,
            Name = family,
            Value = Format(1, now + RefreshLifetime),
        });
        await db.SaveChangesAsync(cancellationToken);
        return Claims(family, 1);
    }

    /// <summary>
    /// The principal for a fresh pair of tokens, or null when the refresh token is not valid: unreadable,
    /// expired, from before the account's last sign-out or password change, or already used (which ends
    /// the family, so the access tokens of the thief and of the member alike stop working).
    /// </summary>
    public async Task<ClaimsPrincipal?> RefreshAsync(string? refreshToken, CancellationToken cancellationToken = default)
    {
        var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = string.IsNullOrEmpty(refreshToken) ? null : protector.Unprotect(refreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expiresUtc
            || clock.GetUtcNow() >= expiresUtc
            || FamilyOf(ticket.Principal) is not (string family, int generation)
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.UserTokens.AsNoTracking()
            .SingleOrDefaultAsync(t => t.UserId == user.Id && t.LoginProvider == LoginProvider && t.Name == family, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var stored = Parse(row.Value);
        var next = Format(generation + 1, clock.GetUtcNow() + RefreshLifetime);

        // Compare-and-swap on the stored value: of two refreshes with one token, one wins and the other ends the family.
        var moved = stored.Generation == generation && await db.UserTokens
            .Where(t => t.UserId == user.Id && t.LoginProvider == LoginProvider && t.Name == family && t.Value == row.Value)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.Value, next), cancellationToken) == 1;
        if (!moved)
        {
            await EndFamilyAsync(db, user.Id, family, cancellationToken);
            return null;
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaims(Claims(family, generation + 1));
        return principal;
    }

    /// <summary>Whether a bearer principal still stands: its token family not ended (and so the account not signed out since).</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(principal) is not { } userId || FamilyOf(principal) is not (string family, _))
        {
            return false;
        }

        if (standing.IsStanding(userId, family))
        {
            return true;
        }

        var endingsBefore = standing.Endings;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.UserTokens.AnyAsync(t => t.UserId == userId && t.LoginProvider == LoginProvider && t.Name == family, cancellationToken);
        if (current)
        {
            standing.Remember(userId, family, endingsBefore);
        }

        return current;
    }

    /// <summary>
    /// Ends every token family of the account: its access tokens stop working and none can be refreshed, and
    /// its open hub connections close on every instance (they were authenticated once, when they opened).
    /// </summary>
    public async Task EndAllAsync(long userId, CancellationToken cancellationToken = default)
    {
        // Forgotten before the delete (a check meanwhile must not keep the family) and after it (nor one that read before it).
        standing.Forget(userId);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == LoginProvider).ExecuteDeleteAsync(cancellationToken);
        }

        standing.Forget(userId);

        await bus.PublishAsync(new UserNotice(userId, UserNoticeKind.SessionsEnded, null));
    }

    /// <summary>
    /// Sign-out: a new security stamp ends the account's cookies everywhere (checked on every request), and
    /// its token families end with it.
    /// </summary>
    public async Task EndEverySessionAsync(ForumUser user, CancellationToken cancellationToken = default)
    {
        await signIn.UserManager.UpdateSecurityStampAsync(user);
        await EndAllAsync(user.Id, cancellationToken);
    }

    private TimeSpan RefreshLifetime => bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenExpiration;

    private async Task EndFamilyAsync(ForumDbContext db, long userId, string family, CancellationToken cancellationToken)
    {
        standing.Forget(userId, family);
        await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == LoginProvider && t.Name == family)
            .ExecuteDeleteAsync(cancellationToken);
        standing.Forget(userId, family);
    }

    private static (string Family, int Generation)? FamilyOf(ClaimsPrincipal principal) =>
        principal.FindFirstValue(FamilyClaim) is { Length: > 0 } family
        && int.TryParse(principal.FindFirstValue(GenerationClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            ? (family, generation)
            : null;

    private static Claim[] Claims(string family, int generation) =>
        [new(FamilyClaim, family), new(GenerationClaim, generation.ToString(CultureInfo.InvariantCulture))];

    private static string Format(int generation, DateTimeOffset expiresAt) =>
        $"{generation.ToString(CultureInfo.InvariantCulture)}|{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";

    private static (int Generation, DateTimeOffset ExpiresAt) Parse(string? value)
    {
        var parts = (value ?? "").Split('|');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? (generation, DateTimeOffset.FromUnixTimeSeconds(seconds))
                : (-1, DateTimeOffset.MinValue);
    }
}
