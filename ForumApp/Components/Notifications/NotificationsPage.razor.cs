using System.Security.Claims;
using ForumApp.Features.Accounts;
using ForumApp.Features.Notifications;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace ForumApp.Components.Notifications;

public sealed partial class NotificationsPage
{
    private const int PageSize = 30;

    private readonly List<NotificationView> _items = [];
    private IReadOnlyList<NotificationGroup>? _groups;
    private IReadOnlyList<NotificationPreferenceView>? _preferences;
    private IReadOnlyList<MutedThreadView>? _muted;
    private string? _nextCursor;
    private int _unread;
    private bool _loading;
    private ClaimsPrincipal _user = new();
    private IDisposable? _subscription;

    [Inject] private NotificationService Notifications { get; set; } = default!;
    [Inject] private ForumEventBus Bus { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _user = (await AuthenticationState).User;
        if (RendererInfo.IsInteractive && ForumActor.IdOf(_user) is { } userId)
        {
            _subscription = Bus.SubscribeUser(userId, notice => InvokeAsync(() => OnNoticeAsync(notice)));
        }

        await ReloadAsync();
        _preferences = (await Notifications.GetPreferencesAsync(_user)).Value;
        _muted = (await Notifications.ListMutedAsync(_user)).Value;
    }

    private async Task ReloadAsync()
    {
        _items.Clear();
        _nextCursor = null;
        await LoadPageAsync();
    }

    private async Task LoadPageAsync()
    {
        var page = await Notifications.ListAsync(_user, PageSize, _nextCursor, unreadOnly: false);
        if (page.Value is { } loaded)
        {
            _items.AddRange(loaded.Items.Where(n => _items.All(i => i.Id != n.Id)));
            _nextCursor = loaded.NextCursor;
        }

        _unread = (await Notifications.UnreadCountAsync(_user)).Value;
        _groups = NotificationGroup.Of(_items);
    }

    private async Task LoadMoreAsync()
    {
        _loading = true;
        try
        {
            await LoadPageAsync();
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task OnNoticeAsync(UserNotice notice)
    {
        try
        {
            if (notice is { Kind: UserNoticeKind.Notification, Notification: { } arrived } && _items.All(i => i.Id != arrived.Id))
            {
                _items.Insert(0, arrived);
                _unread++;
                _groups = NotificationGroup.Of(_items);
                StateHasChanged();
            }
            else if (notice.Kind == UserNoticeKind.NotificationsRead)
            {
                // Read elsewhere (the bell, another tab): what is shown here is read again.
                var shown = _items.Count;
                _items.Clear();
                _nextCursor = null;
                var page = await Notifications.ListAsync(_user, Math.Clamp(shown, 1, NotificationService.MaxLimit), null, unreadOnly: false);
                _items.AddRange(page.Value?.Items ?? []);
                _nextCursor = page.Value?.NextCursor;
                _unread = (await Notifications.UnreadCountAsync(_user)).Value;
                _groups = NotificationGroup.Of(_items);
                StateHasChanged();
            }
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    }

    private async Task MarkReadAsync(NotificationView item)
    {
        if (item.Read)
        {
            return;
        }

        await Notifications.MarkReadAsync(_user, [item.Id], all: false);
        Replace(item with { Read = true });
    }

    private async Task MarkAllReadAsync()
    {
        await Notifications.MarkReadAsync(_user, ids: null, all: true);
        for (var i = 0; i < _items.Count; i++)
        {
            _items[i] = _items[i] with { Read = true };
        }

        _unread = 0;
        _groups = NotificationGroup.Of(_items);
    }

    private void Replace(NotificationView item)
    {
        var index = _items.FindIndex(i => i.Id == item.Id);
        if (index >= 0)
        {
            _items[index] = item;
            _unread = Math.Max(0, _unread - 1);
            _groups = NotificationGroup.Of(_items);
        }
    }

    private async Task SetPreferenceAsync(NotificationPreferenceView preference, bool enabled)
    {
        await Notifications.SetPreferenceAsync(_user, preference.Kind, enabled);
        _preferences = (await Notifications.GetPreferencesAsync(_user)).Value;
    }

    private async Task UnmuteAsync(MutedThreadView thread)
    {
        await Notifications.SetMutedAsync(_user, thread.ThreadId, muted: false);
        _muted = (await Notifications.ListMutedAsync(_user)).Value;
    }

    public void Dispose() => _subscription?.Dispose();
}

/// <summary>Notifications of one thread (or of the account), in the order of the newest among them.</summary>
public sealed record NotificationGroup(long? ThreadId, string? Title, string? Url, IReadOnlyList<NotificationView> Items)
{
    public static IReadOnlyList<NotificationGroup> Of(IEnumerable<NotificationView> newestFirst) =>
        newestFirst.GroupBy(n => n.ThreadId)
            .Select(g => new NotificationGroup(g.Key, g.First().ThreadTitle, ThreadUrl(g.First()), g.ToList()))
            .ToList();

    private static string? ThreadUrl(NotificationView item) => item.Url is { } url && url.IndexOf("/c/", StringComparison.Ordinal) is var cut and > 0
        ? url[..cut]
        : item.Url;
}
