using ForumApp.Features.Accounts;

namespace ForumApp.Features.Moderation;

/// <summary>A member as moderators look them up: standing and roles, never their email.</summary>
public sealed record MemberSummary(
    long Id,
    string DisplayName,
    DateTime JoinedAt,
    DateTime? SuspendedUntil,
    string? SuspensionReason,
    IReadOnlyList<string> Roles)
{
    public bool IsBanned => SuspendedUntil >= MemberModerationService.BannedUntil;

    public bool IsModerator => Roles.Contains(ForumRoles.Moderator);

    public bool IsAdmin => Roles.Contains(ForumRoles.Admin);

    public bool IsSuspendedAt(DateTime now) => SuspendedUntil is { } until && until > now;
}
