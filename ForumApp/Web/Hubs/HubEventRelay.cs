using ForumApp.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace ForumApp.Web.Hubs;

/// <summary>Forwards bus events to this instance's hub groups (groups stay in-process: no SignalR backplane).</summary>
internal sealed class HubEventRelay(IHubContext<ThreadsHub> hub) : IForumEventSink
{
    public Task OnThreadEventAsync(ThreadEventView threadEvent) =>
        hub.Clients.Group(ThreadsHub.GroupOf(threadEvent.ThreadId)).SendAsync("ThreadEvent", threadEvent);

    public Task OnPresenceAsync(PresenceView presence) =>
        hub.Clients.Group(ThreadsHub.GroupOf(presence.ThreadId)).SendAsync("Presence", presence);

    public Task OnScoresAsync(ScoresChanged scores) =>
        hub.Clients.Group(ThreadsHub.GroupOf(scores.ThreadId)).SendAsync("Scores", scores);
    /// <summary>
    /// Every signed-in connection of the member: SignalR's user id is the name-identifier claim, which is the
    /// member id for cookie and bearer sessions alike; anonymous connections have none and hear nothing.
    /// </summary>
    public Task OnUserNoticeAsync(UserNotice notice) => notice.Notification is { } notification
        ? hub.Clients.User(notice.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)).SendAsync("Notification", notification)
        : Task.CompletedTask;
}
