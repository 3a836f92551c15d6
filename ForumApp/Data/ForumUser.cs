using Microsoft.AspNetCore.Identity;

namespace ForumApp.Data;

/// <summary>A member account. Identity's UserName is the email; the public name is <see cref="DisplayName"/>.</summary>
public class ForumUser : IdentityUser<long>
{
    public string DisplayName { get; set; } = "";

    /// <summary>Upper-cased display name, so uniqueness ignores case on every provider.</summary>
    public string NormalizedDisplayName { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>Suspension is not Identity lockout: a suspended member can still sign in and read.</summary>
    public DateTime? SuspendedUntil { get; set; }

    public string? SuspensionReason { get; set; }
}
