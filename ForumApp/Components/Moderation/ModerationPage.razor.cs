using System.Security.Claims;
using ForumApp.Features.Moderation;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace ForumApp.Components.Moderation;

/// <summary>
/// The moderators' desk: the open reports (kept current by the moderator notices on the event bus), the
/// moderation log and member suspensions. Who may see any of it is decided by the services on every call;
/// the page only shows what they answer, refusals included.
/// </summary>
public sealed partial class ModerationPage
{
    private ClaimsPrincipal? _user;
    private IReadOnlyList<ReportQueueItem>? _reports;
    private string? _refusal;
    private string? _reportsError;
    private int _openCount;
    private int _tab = -1;
    private string? _section;
    private int _loads;
    private IDisposable? _subscription;
    private Task<AuthenticationState>? _authentication;
    private bool _authenticationRead;

    [Inject] private ReportService Reports { get; set; } = default!;
    [Inject] private ForumEventBus Bus { get; set; } = default!;

    /// <summary>"reports" (the default), "log" or "members": which tab a link opens.</summary>
    [Parameter] public string? Section { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        SelectTabFromLink();

        // The cascaded state is replaced when the signed-in user changes (e.g. revalidation signs them out).
        if (_authenticationRead && ReferenceEquals(AuthenticationState, _authentication))
        {
            return;
        }

        _authenticationRead = true;
        _authentication = AuthenticationState;
        _user = AuthenticationState is null ? null : (await AuthenticationState).User;
        _subscription?.Dispose();
        _subscription = null;
        _reports = null;
        _refusal = null;
        await LoadReportsAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Only someone the service let see the queue hears about new reports, and only once interactive.
        if (!RendererInfo.IsInteractive || _subscription is not null || _reports is null)
        {
            return;
        }

        _subscription = Bus.SubscribeModerators(notice => InvokeAsync(() => OnNoticeAsync(notice)));

        // Subscribed first, then read again: a report filed since the first read arrives one way or the other.
        await LoadReportsAsync();
        StateHasChanged();
    }

    private void SelectTabFromLink()
    {
        // Only a new link moves the tabs; re-renders from above must not undo the moderator's own choice.
        if (Section == _section && _tab >= 0)
        {
            return;
        }

        _section = Section;
        _tab = Section?.ToLowerInvariant() switch
        {
            "log" => 1,
            "members" => 2,
            _ => 0,
        };
    }

    private async Task OnNoticeAsync(ModeratorNotice notice)
    {
        if (notice.Kind != ModeratorNoticeKind.Reports)
        {
            return;
        }

        try
        {
            if (notice.OpenReports is { } open)
            {
                _openCount = open;
                StateHasChanged();
            }

            await LoadReportsAsync();
            StateHasChanged();
        }
        catch (Exception exception)
        {
            // A failed refresh belongs to this circuit, not to whoever filed the report.
            await DispatchExceptionAsync(exception);
        }
    }

    private async Task LoadReportsAsync()
    {
        // Notices can arrive close together; only the newest read may replace the list.
        var load = ++_loads;
        var queue = await Reports.ListQueueAsync(_user);
        var open = queue.Succeeded ? await Reports.OpenCountAsync() : 0;
        if (load != _loads)
        {
            return;
        }

        if (queue.Error is { } error)
        {
            if (_reports is null)
            {
                _refusal = error.Message;
            }
            else
            {
                _reportsError = error.Message;
            }

            return;
        }

        _refusal = null;
        _reportsError = null;
        _reports = queue.Value;
        _openCount = open;
    }

    public void Dispose() => _subscription?.Dispose();
}
