namespace ForumApp.Realtime;

/// <summary>What changed for every moderator.</summary>
public enum ModeratorNoticeKind
{
    /// <summary>The number of open reports changed.</summary>
    Reports,
}

/// <summary>Something every moderator should see at once (e.g. the open report count changed).</summary>
public sealed record ModeratorNotice(ModeratorNoticeKind Kind, int? OpenReports);
