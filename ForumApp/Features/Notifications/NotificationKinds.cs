using ForumApp.Data;

namespace ForumApp.Features.Notifications;

/// <summary>The contract's names of the kinds (<c>thread-reply</c>, not <c>threadReply</c>) and the words pages use.</summary>
public static class NotificationKinds
{
    public static readonly IReadOnlyList<NotificationKind> All = Enum.GetValues<NotificationKind>();

    public static string WireName(NotificationKind kind) => kind switch
    {
        NotificationKind.Reply => "reply",
        NotificationKind.ThreadReply => "thread-reply",
        NotificationKind.Mention => "mention",
        NotificationKind.Removed => "removed",
        NotificationKind.Restored => "restored",
        NotificationKind.ReportResolved => "report-resolved",
        NotificationKind.Suspended => "suspended",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown notification kind."),
    };

    public static NotificationKind? Parse(string? wireName) => All.Cast<NotificationKind?>().FirstOrDefault(k => WireName(k!.Value) == wireName);

    /// <summary>What happened, with the actor's name in front where there is one ("Ann replied to your comment").</summary>
    public static string Describe(string wireName) => wireName switch
    {
        "reply" => "replied to your comment",
        "thread-reply" => "commented on your thread",
        "mention" => "mentioned you",
        "removed" => "A moderator removed your comment",
        "restored" => "A moderator restored your comment",
        "report-resolved" => "A moderator resolved your report",
        "suspended" => "Your account was suspended",
        _ => wireName,
    };

    /// <summary>The switch's label on the preferences list.</summary>
    public static string Label(NotificationKind kind) => kind switch
    {
        NotificationKind.Reply => "Replies to my comments",
        NotificationKind.ThreadReply => "New comments on my threads",
        NotificationKind.Mention => "Mentions of me",
        NotificationKind.Removed => "My comments removed by a moderator",
        NotificationKind.Restored => "My comments restored",
        NotificationKind.ReportResolved => "My reports resolved",
        NotificationKind.Suspended => "My account suspended",
        _ => kind.ToString(),
    };
}
