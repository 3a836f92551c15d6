namespace ForumApp.Realtime;

/// <summary>
/// Something on the list of threads changed that no comment event says: a thread started, was removed or
/// restored, or was retitled. Comment and lock events change the list too; the bus tells list readers of those itself.
/// </summary>
public sealed record ThreadListChanged(long ThreadId);
