namespace ForumApp.Realtime;

/// <summary>What happened to a member's account.</summary>
public enum UserNoticeKind
{
    Suspended,
    Unsuspended,

    /// <summary>The member signed out or the password changed: sessions held on the old credentials end.</summary>
    SessionsEnded,
}

/// <summary>Something that concerns one member wherever they are (e.g. suspended: their editors close).</summary>
public sealed record UserNotice(long UserId, UserNoticeKind Kind, string? Message);
