namespace ForumApp.Realtime;

/// <summary>One instance's own share of a thread's presence; every instance adds up the shares it hears.</summary>
public sealed record InstancePresence(string InstanceId, long ThreadId, int Viewing, IReadOnlyList<string> Replying);
