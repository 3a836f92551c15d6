using Microsoft.AspNetCore.Components;

namespace ForumApp.Components.Threads;

/// <summary>
/// Draws every region one live dispatch touched in a single render batch. Outside an event handler, each
/// <c>StateHasChanged</c> makes the renderer produce and send a batch of its own at once, so raising the count
/// line, a conversation and the presence line one after the other cost each open page three batches (three
/// serializations, three WebSocket writes, three acknowledgements). Raised from inside this component's render,
/// the same calls only queue their regions, and the renderer draws them all in the batch already under way.
/// Renders nothing itself.
/// </summary>
public sealed class RegionBatch : IComponent, IDisposable
{
    private readonly RenderFragment _raise;
    private RenderHandle _handle;
    private LiveThreadSession? _attachedTo;
    private Action? _pending;

    public RegionBatch()
    {
        _raise = _ =>
        {
            var pending = _pending;
            _pending = null;
            pending?.Invoke();
        };
    }

    [Parameter, EditorRequired] public LiveThreadSession Session { get; set; } = default!;

    public void Attach(RenderHandle renderHandle) => _handle = renderHandle;

    public Task SetParametersAsync(ParameterView parameters)
    {
        parameters.SetParameterProperties(this);
        if (!ReferenceEquals(Session, _attachedTo))
        {
            _attachedTo?.RenderTogether(null);
            _attachedTo = Session;
            Session.RenderTogether(Draw);
        }

        return Task.CompletedTask;
    }

    private void Draw(Action raise)
    {
        // Already queued (the renderer waits for the browser to acknowledge earlier batches): the queued render
        // raises this too.
        var queued = _pending is not null;
        _pending += raise;
        if (!queued)
        {
            _handle.Render(_raise);
        }
    }

    public void Dispose() => _attachedTo?.RenderTogether(null);
}
