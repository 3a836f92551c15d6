namespace ForumApp.Realtime;

/// <summary>Carries events between instances. Best effort: the database stays the record.</summary>
public interface IRemoteEventTransport
{
    Task PublishThreadEventsAsync(IReadOnlyList<ThreadEventView> threadEvents);

    Task PublishPresenceAsync(InstancePresence presence);

    Task PublishUserNoticeAsync(UserNotice notice);

    Task PublishModeratorNoticeAsync(ModeratorNotice notice);

    Task PublishThreadListChangedAsync(ThreadListChanged change) => Task.CompletedTask;

    Task PublishScoresAsync(ScoresChanged scores) => Task.CompletedTask;
}
