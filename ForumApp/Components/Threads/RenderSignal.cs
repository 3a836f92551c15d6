namespace ForumApp.Components.Threads;

/// <summary>
/// Tells the <see cref="LiveRegion"/>s listening to it that what they show changed, so one live event renders
/// the few regions it touched instead of the whole page. Raised and handled on one circuit's dispatcher.
/// </summary>
public sealed class RenderSignal
{
    private Action? _listeners;

    public IDisposable Listen(Action listener)
    {
        _listeners += listener;
        return new Listening(this, listener);
    }

    public void Raise() => _listeners?.Invoke();

    private sealed class Listening(RenderSignal signal, Action listener) : IDisposable
    {
        public void Dispose() => signal._listeners -= listener;
    }
}
