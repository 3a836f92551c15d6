namespace ForumApp.Realtime;

/// <summary>
/// Something on the list of threads changed that no comment event says: a thread started, was removed or
/// restored, retitled, pinned or unpinned. Comment and lock events change the list too; the bus tells list readers of
/// those itself. <see cref="Pinned"/> is set when a pin changed, so thread pages follow it without a read.
/// </summary>
public sealed record ThreadListChanged(long ThreadId, bool? Pinned = null);
