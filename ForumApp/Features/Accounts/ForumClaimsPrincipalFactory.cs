using System.Security.Claims;
using ForumApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Accounts;

public static class ForumClaims
{
    /// <summary>The member's public name. The Name claim is the user name, which here is the e-mail.</summary>
    public const string DisplayName = "forum:display_name";

    /// <summary>The display name of a signed-in principal, for greeting them (never for decisions).</summary>
    public static string? DisplayNameOf(ClaimsPrincipal? principal) => principal?.FindFirstValue(DisplayName);
}

/// <summary>Adds the display name to the cookie and bearer token, so the app bar need not show an e-mail.</summary>
internal sealed class ForumClaimsPrincipalFactory(
    UserManager<ForumUser> users, RoleManager<IdentityRole<long>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ForumUser, IdentityRole<long>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ForumUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ForumClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
