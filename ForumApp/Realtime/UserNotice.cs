namespace ForumApp.Realtime;

/// <summary>What happened to a member's account.</summary>
public enum UserNoticeKind
{
    Suspended,
    Unsuspended,

    /// <summary>The member signed out or the password changed: sessions held on the old credentials end.</summary>
    SessionsEnded,

    /// <summary>A new notification (in <see cref="UserNotice.Notification"/>); the bell counts up.</summary>
    Notification,

    /// <summary>The member marked notifications read (perhaps on another page): counts go down.</summary>
    NotificationsRead,
}

/// <summary>Something that concerns one member wherever they are (e.g. suspended: their editors close).</summary>
public sealed record UserNotice(long UserId, UserNoticeKind Kind, string? Message, NotificationView? Notification = null);
