
namespace ForumApp.Realtime;

/// <summary>A local consumer of every event on the bus, such as the hub relay that forwards to SignalR groups.</summary>
public interface IForumEventSink
{
    Task OnThreadEventAsync(ThreadEventView threadEvent);

    Task OnPresenceAsync(PresenceView presence);

    Task OnScoresAsync(ScoresChanged scores) => Task.CompletedTask;
    Task OnUserNoticeAsync(UserNotice notice) => Task.CompletedTask;
}
