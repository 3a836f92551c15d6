namespace ForumApp.Data;

/// <summary>
/// Column sizes shared by several tables. A display name is copied onto threads, comments, reports and the
/// log as a snapshot, so every copy must hold the longest name registration allows.
/// </summary>
public static class FieldLengths
{
    /// <summary>The longest display name; <c>DisplayNames.MaxLength</c> in Accounts is the rule that fills it.</summary>
    public const int DisplayName = 32;

    /// <summary>Removal, lock and suspension reasons as stored (the reason rule allows 500 characters).</summary>
    public const int Reason = 1000;
}
