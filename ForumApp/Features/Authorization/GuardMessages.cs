using System.Globalization;

namespace ForumApp.Features.Authorization;

/// <summary>The one wording of each refusal, whichever page, endpoint or hub method meets it.</summary>
public static class GuardMessages
{
    /// <summary>A ban is a suspension without end.</summary>
    public static readonly DateTime BannedUntil = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    public const string SignIn = "Sign in to do this.";
    public const string ModeratorsOnly = "Only moderators can do this.";
    public const string AdminsOnly = "Only an admin can do this.";

    public static string Suspended(DateTime until) => until >= BannedUntil
        ? "Your account has been banned. You can read but not post."
        : string.Create(CultureInfo.InvariantCulture, $"Your account is suspended until {until:yyyy-MM-dd HH:mm} UTC. You can read but not post.");
}
