namespace ForumApp.Realtime;

/// <summary>Who is watching a thread and who is writing a reply, summed over every instance.</summary>
public sealed record PresenceView(long ThreadId, int Viewing, IReadOnlyList<string> Replying);
