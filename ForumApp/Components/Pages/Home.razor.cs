using System.Security.Claims;
using ForumApp.Features.Threads;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace ForumApp.Components.Pages;

/// <summary>
/// The list of threads: the first <see cref="PageSize"/> at first, more after each "Load more". The page always
/// shows the first so many threads of the list as it is now (the shared live feed reads them), so a thread that
/// moved up, arrived or left never shows twice or goes missing. Signed-in members see their unread counts.
/// </summary>
public sealed partial class Home
{
    public const int PageSize = ThreadService.DefaultListLimit;

    private ThreadListPrefix? _list;
    private IDisposable? _watch;
    private ClaimsPrincipal? _user;
    private int _wanted = PageSize;
    private bool _loadingMore;

    // Bumped by every read, so an older read finishing late never replaces a newer one.
    private long _reads;

    [Inject] private ThreadListFeed Feed { get; set; } = default!;
    [Inject] private ReadMarkService Reading { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _user = AuthenticationState is null ? null : (await AuthenticationState).User;

        // Watching before the first read: a change in between arrives one way or the other. Prerendering
        // has no circuit to push to, so only the interactive render watches.
        if (RendererInfo.IsInteractive)
        {
            _watch = Feed.Watch(() => _wanted, async list =>
            {
                var read = Interlocked.Increment(ref _reads);
                var shown = await WithUnreadAsync(list);
                await InvokeAsync(() => Show(read, shown));
            });
        }

        await ReadAsync();
    }

    private async Task LoadMoreAsync()
    {
        _loadingMore = true;
        _wanted = (_list?.Items.Count ?? 0) + PageSize;
        try
        {
            await ReadAsync();
        }
        finally
        {
            _loadingMore = false;
        }
    }

    private async Task ReadAsync()
    {
        var read = Interlocked.Increment(ref _reads);
        Show(read, await WithUnreadAsync(await Feed.ReadAsync(_wanted)));
    }

    private void Show(long read, ThreadListPrefix list)
    {
        if (read >= Interlocked.Read(ref _reads) || _list is null)
        {
            _list = list;
            StateHasChanged();
        }
    }

    /// <summary>The shared list carries no reader state: a member's unread counts are read for the threads shown.</summary>
    private async Task<ThreadListPrefix> WithUnreadAsync(ThreadListPrefix list)
    {
        if (_user?.Identity?.IsAuthenticated != true || list.Items.Count == 0)
        {
            return list;
        }

        var unread = await Reading.CountUnreadAsync(_user, list.Items.Select(t => t.Id).ToList());
        return list with { Items = list.Items.Select(t => t with { UnreadCount = unread.GetValueOrDefault(t.Id) }).ToList() };
    }

    public void Dispose() => _watch?.Dispose();
}
