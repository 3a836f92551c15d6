namespace ForumApp.Realtime;

/// <summary>Who is watching a thread and who is writing a reply, summed over every instance.</summary>
public sealed record PresenceView(long ThreadId, int Viewing, IReadOnlyList<string> Replying);

/// <summary>Something that concerns one member wherever they are (e.g. suspended: their editors close).</summary>
public sealed record UserNotice(long UserId, string Kind, string? Message);

/// <summary>Something every moderator should see at once (e.g. the open report count changed).</summary>
public sealed record ModeratorNotice(string Kind, int? OpenReports);
