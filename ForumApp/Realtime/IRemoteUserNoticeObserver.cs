namespace ForumApp.Realtime;

/// <summary>
/// Hears of a member notice another instance sent, before it is delivered to this instance's subscribers. For
/// instance-wide state keyed by member that no per-member subscription could keep current (a subscriber per
/// member ever seen would outnumber the members online).
/// </summary>
public interface IRemoteUserNoticeObserver
{
    void OnRemoteUserNotice(UserNotice notice);
}
