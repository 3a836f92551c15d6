using ForumApp.Features.Threads;

namespace ForumApp.Components.Threads;

/// <summary>
/// One listener per conversation on screen, by the id of its top-level comment: a reply tells its own
/// conversation to draw again, with where in it the change lies, and the list and the other conversations are not
/// asked at all. Used on one circuit's dispatcher only.
/// </summary>
public sealed class ConversationSignals
{
    private readonly Dictionary<long, Action<ChangedWithin>> _listeners = [];

    public IDisposable Listen(long rootId, Action<ChangedWithin> listener)
    {
        _listeners[rootId] = _listeners.GetValueOrDefault(rootId) + listener;
        return new Listening(this, rootId, listener);
    }

    /// <summary>
    /// Tells each changed conversation to draw again. False, with nobody told, when one of them has no listener
    /// (not on screen, or a view that does not draw by conversation): the owner draws the whole list instead.
    /// </summary>
    public bool Raise(ConversationChanges changes)
    {
        foreach (var (rootId, _) in changes)
        {
            if (!_listeners.ContainsKey(rootId))
            {
                return false;
            }
        }

        foreach (var (rootId, within) in changes)
        {
            // A listener may stop listening while an earlier one draws: ask again.
            if (_listeners.TryGetValue(rootId, out var listener))
            {
                listener(within);
            }
        }

        return true;
    }

    private void Stop(long rootId, Action<ChangedWithin> listener)
    {
        if (_listeners.TryGetValue(rootId, out var listeners) && (listeners - listener) is { } rest)
        {
            _listeners[rootId] = rest;
        }
        else
        {
            _listeners.Remove(rootId);
        }
    }

    private sealed class Listening(ConversationSignals signals, long rootId, Action<ChangedWithin> listener) : IDisposable
    {
        private bool _stopped;

        public void Dispose()
        {
            if (!_stopped)
            {
                _stopped = true;
                signals.Stop(rootId, listener);
            }
        }
    }
}
