using ForumApp.Features.Threads;

namespace ForumApp.Realtime;

/// <summary>Carries events between instances. Best effort: the database stays the record.</summary>
internal interface IRemoteEventTransport
{
    Task PublishThreadEventsAsync(IReadOnlyList<ThreadEventView> threadEvents);

    Task PublishPresenceAsync(InstancePresence presence);

    Task PublishUserNoticeAsync(UserNotice notice);

    Task PublishModeratorNoticeAsync(ModeratorNotice notice);
}

/// <summary>One instance's own share of a thread's presence; every instance adds up the shares it hears.</summary>
internal sealed record InstancePresence(string InstanceId, long ThreadId, int Viewing, IReadOnlyList<string> Replying);
