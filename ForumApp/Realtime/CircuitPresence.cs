using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ForumApp.Realtime;

/// <summary>
/// Counts a Blazor page as viewing only while its browser is connected: a circuit outlives a closed tab
/// by minutes, and "N viewing" should not. One per circuit.
/// </summary>
public sealed class CircuitPresence(PresenceTracker presence) : CircuitHandler
{
    private readonly Dictionary<string, long> _viewing = [];
    private readonly Dictionary<string, string> _replyingAs = [];
    private bool _connected = true;

    public void Enter(long threadId, string viewerKey)
    {
        lock (_viewing)
        {
            _viewing[viewerKey] = threadId;
            if (_connected)
            {
                presence.Enter(threadId, viewerKey);
            }
        }
    }

    public void Leave(string viewerKey)
    {
        lock (_viewing)
        {
            if (_viewing.Remove(viewerKey, out var threadId))
            {
                presence.Leave(threadId, viewerKey);
            }
        }
    }

    /// <summary>The page's reader is replying under this name (null: no longer): a lost connection ends it.</summary>
    public void Replying(string viewerKey, string? displayName)
    {
        lock (_viewing)
        {
            if (displayName is null)
            {
                _replyingAs.Remove(viewerKey);
            }
            else
            {
                _replyingAs[viewerKey] = displayName;
            }
        }
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        lock (_viewing)
        {
            _connected = false;
            foreach (var (viewerKey, threadId) in _viewing)
            {
                presence.Leave(threadId, viewerKey);

                // A closed tab is not writing any more, though its circuit lives on for minutes.
                if (_replyingAs.Remove(viewerKey, out var name))
                {
                    presence.StopReplying(threadId, name);
                }
            }
        }

        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        lock (_viewing)
        {
            _connected = true;
            foreach (var (viewerKey, threadId) in _viewing)
            {
                presence.Enter(threadId, viewerKey);
            }
        }

        return Task.CompletedTask;
    }
}
