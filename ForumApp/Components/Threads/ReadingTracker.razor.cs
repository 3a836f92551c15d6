using System.Security.Claims;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace ForumApp.Components.Threads;

/// <summary>
/// Follows a signed-in member's reading of one thread. When the thread opens it reads the member's mark and the
/// comments by others posted since (<see cref="OnNewComments"/> tells the page which to mark "New"); then the
/// browser reports the comments that came into sight, at most every two seconds and once more on leaving, and
/// the mark moves up to the newest of them through <see cref="ReadMarkService"/>, as the HTTP API's does.
/// </summary>
public sealed partial class ReadingTracker
{
    private ReadingStart? _start;
    private long? _startedFor;
    private IJSObjectReference? _module;
    private IJSObjectReference? _browser;
    private bool _tracking;
    private DotNetObjectReference<ReadingTracker>? _self;

    [Inject] private ReadMarkService Reading { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public long ThreadId { get; set; }
    [Parameter] public ClaimsPrincipal? User { get; set; }

    /// <summary>The comments in display order, to find the first new one on the page.</summary>
    [Parameter] public IReadOnlyList<CommentView> Comments { get; set; } = [];

    [Parameter] public EventCallback<IReadOnlySet<long>> OnNewComments { get; set; }

    /// <summary>Asked to bring this comment into sight (reading it in first if the page has not).</summary>
    [Parameter] public EventCallback<long> OnJump { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        // Only the interactive render reads: prerendering would read the same twice, and could not report.
        if (!RendererInfo.IsInteractive || _startedFor == ThreadId)
        {
            return;
        }

        await StopAsync();
        _startedFor = ThreadId;
        _start = await Reading.StartReadingAsync(User, ThreadId);
        await OnNewComments.InvokeAsync(_start?.NewComments.Select(c => c.CommentId).ToHashSet() ?? []);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_start is null || _tracking)
        {
            return;
        }

        _tracking = true;
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Threads/ReadingTracker.razor.js");
        _self ??= DotNetObjectReference.Create(this);
        _browser = await _module.InvokeAsync<IJSObjectReference>("start", _self);
    }

    /// <summary>The first new comment in display order; one the page has not read in yet goes by when it was posted.</summary>
    private async Task JumpAsync()
    {
        if (_start is not { NewComments.Count: > 0 } start)
        {
            return;
        }

        var newIds = start.NewComments.Select(c => c.CommentId).ToHashSet();
        var shown = Comments.FirstOrDefault(c => newIds.Contains(c.Id));
        await OnJump.InvokeAsync(shown?.Id ?? start.NewComments[0].CommentId);
    }

    [JSInvokable]
    public async Task Seen(long[] commentIds)
    {
        if (_start is { } start && _startedFor is { } threadId)
        {
            await Reading.MarkCommentsReadAsync(User, threadId, start.Mark, commentIds);
        }
    }

    private async Task StopAsync()
    {
        _tracking = false;
        if (_browser is null)
        {
            return;
        }

        var browser = _browser;
        _browser = null;
        try
        {
            // What the browser saw since its last report is recorded now, not lost with the page.
            await Seen(await browser.InvokeAsync<long[]>("stop"));
            await browser.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser left first; its page-hide report carried what it had.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _self?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the module with it.
            }
        }
    }
}
