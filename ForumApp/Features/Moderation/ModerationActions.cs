namespace ForumApp.Features.Moderation;

/// <summary>The actions the moderation log records, as the log API names them.</summary>
public static class ModerationActions
{
    public const string RemoveComment = "remove-comment";
    public const string RestoreComment = "restore-comment";
    public const string LockThread = "lock-thread";
    public const string UnlockThread = "unlock-thread";
    public const string PinThread = "pin-thread";
    public const string UnpinThread = "unpin-thread";
    public const string RemoveThread = "remove-thread";
    public const string RestoreThread = "restore-thread";
    public const string EditThread = "edit-thread";
    public const string SuspendMember = "suspend-member";
    public const string UnsuspendMember = "unsuspend-member";
    public const string DismissReport = "dismiss-report";
    public const string GrantModerator = "grant-moderator";
    public const string RevokeModerator = "revoke-moderator";
}
