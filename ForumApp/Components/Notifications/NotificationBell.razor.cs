using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Notifications;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Components;

namespace ForumApp.Components.Notifications;

public sealed partial class NotificationBell
{
    public const int RecentCount = 6;

    private int _unread;
    private IReadOnlyList<NotificationView> _recent = [];
    private IDisposable? _subscription;
    private long? _userId;

    [Inject] private NotificationService Notifications { get; set; } = default!;
    [Inject] private ForumEventBus Bus { get; set; } = default!;

    [Parameter, EditorRequired] public ClaimsPrincipal User { get; set; } = default!;

    private string Label => _unread switch
    {
        0 => "Notifications",
        1 => "Notifications, 1 unread",
        _ => $"Notifications, {_unread} unread",
    };

    protected override async Task OnParametersSetAsync()
    {
        var userId = ForumActor.IdOf(User);
        if (userId != _userId)
        {
            _subscription?.Dispose();
            _subscription = null;
            _userId = userId;
        }

        if (_userId is not { } id)
        {
            return;
        }

        // Subscribed before the count is read, and every notice reads it again: nothing counts twice or goes missing.
        if (RendererInfo.IsInteractive && _subscription is null)
        {
            _subscription = Bus.SubscribeUser(id, notice => InvokeAsync(() => OnNoticeAsync(notice)));
        }

        await LoadAsync(withRecent: RendererInfo.IsInteractive);
    }

    private async Task OnNoticeAsync(UserNotice notice)
    {
        if (notice.Kind is not (UserNoticeKind.Notification or UserNoticeKind.NotificationsRead))
        {
            return;
        }

        try
        {
            await LoadAsync(withRecent: true);
            StateHasChanged();
        }
        catch (Exception exception)
        {
            // Keep a failure on this circuit, where the page shows it, rather than on the publisher.
            await DispatchExceptionAsync(exception);
        }
    }

    private async Task LoadAsync(bool withRecent)
    {
        try
        {
            var count = await Notifications.UnreadCountAsync(User);
            _unread = count.Error is null ? count.Value : 0;
            if (withRecent)
            {
                var page = await Notifications.ListAsync(User, RecentCount, cursor: null, unreadOnly: false);
                _recent = page.Value?.Items ?? [];
            }
        }
        catch (Exception exception) when (DatabaseAvailability.IsUnavailableError(exception))
        {
            // The bell is on every page: a database outage is the page's banner to show, not the bell's to break.
        }
    }

    private async Task OnOpenChangedAsync(bool open)
    {
        if (open)
        {
            await LoadAsync(withRecent: true);
        }
    }

    private async Task OpenAsync(NotificationView item)
    {
        if (!item.Read)
        {
            await Notifications.MarkReadAsync(User, [item.Id], all: false);
        }
    }

    private async Task MarkAllReadAsync()
    {
        await Notifications.MarkReadAsync(User, ids: null, all: true);
        await LoadAsync(withRecent: true);
    }

    public void Dispose() => _subscription?.Dispose();
}
