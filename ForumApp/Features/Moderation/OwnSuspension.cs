using System.Globalization;
using ForumApp.Features.Authorization;

namespace ForumApp.Features.Moderation;

/// <summary>A member's suspension as they are told of it: the end and the moderator's reason ("shown to them").</summary>
public sealed record OwnSuspension(DateTime Until, string? Reason)
{
    public bool IsBan => Until >= GuardMessages.BannedUntil;

    /// <summary>"You are suspended until 12 Dec 2026: spam links."</summary>
    public string Describe()
    {
        var start = IsBan
            ? "Your account has been banned"
            : string.Create(CultureInfo.InvariantCulture, $"You are suspended until {Until:d MMM yyyy}");
        var reason = string.IsNullOrWhiteSpace(Reason) ? "" : $": {Reason.Trim().TrimEnd('.')}";
        return $"{start}{reason}. You can read but not post.";
    }
}
