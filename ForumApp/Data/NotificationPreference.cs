namespace ForumApp.Data;

/// <summary>A member's choice for one kind of notification; a kind without a row is on.</summary>
public class NotificationPreference
{
    public long UserId { get; set; }
    public NotificationKind Kind { get; set; }
    public bool Enabled { get; set; }
}
