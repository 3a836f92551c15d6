using System.Collections.Concurrent;

namespace ForumApp.Realtime;

public sealed class PresenceOptions
{
    /// <summary>How long "X is replying…" lasts after the last keystroke signal.</summary>
    public TimeSpan ReplyingFor { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Presence changes are gathered and sent at most this often per thread.</summary>
    public TimeSpan FlushEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Each instance re-announces its share this often; a share not heard for 3× this is dropped.</summary>
    public TimeSpan HeartbeatEvery { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// "N viewing" and "X is replying…" per thread. Each instance counts its own viewers (pages and hub
/// connections) and shares that count with the others; changes are batched so a thousand viewers
/// arriving at once cause one update per second, not a thousand.
/// </summary>
public sealed class PresenceTracker(RealtimeInstance instance, TimeProvider clock, Microsoft.Extensions.Options.IOptions<PresenceOptions> options)
{
    private readonly ConcurrentDictionary<long, LocalThread> _local = new();
    private readonly ConcurrentDictionary<(string Instance, long ThreadId), (InstancePresence Share, DateTime HeardAt)> _remote = new();
    private readonly ConcurrentDictionary<long, byte> _dirty = new();
    private readonly PresenceOptions _options = options.Value;

    public void Enter(long threadId, string viewerKey)
    {
        Update(threadId, thread => thread.Viewers.Add(viewerKey));
        _dirty[threadId] = 0;
    }

    public void Leave(long threadId, string viewerKey)
    {
        if (!_local.TryGetValue(threadId, out var thread))
        {
            return;
        }

        lock (thread)
        {
            if (!thread.Viewers.Remove(viewerKey))
            {
                return;
            }
        }

        // Keep the entry until the change is sent; TakeChanges drops threads nobody watches or replies in.
        _dirty[threadId] = 0;
    }

    public void MarkReplying(long threadId, string displayName)
    {
        var until = clock.GetUtcNow().UtcDateTime + _options.ReplyingFor;
        var isNew = false;
        Update(threadId, thread =>
        {
            isNew = !thread.Replying.ContainsKey(displayName);
            thread.Replying[displayName] = until;
        });

        if (isNew)
        {
            _dirty[threadId] = 0;
        }
    }

    /// <summary>The writer posted, closed the editor or left: "X is replying…" ends now rather than when it expires.</summary>
    public void StopReplying(long threadId, string displayName)
    {
        if (!_local.TryGetValue(threadId, out var thread))
        {
            return;
        }

        lock (thread)
        {
            if (!thread.Replying.Remove(displayName))
            {
                return;
            }
        }

        _dirty[threadId] = 0;
    }

    public PresenceView Current(long threadId)
    {
        var (viewing, replying) = LocalShare(threadId);
        var names = new SortedSet<string>(replying, StringComparer.OrdinalIgnoreCase);
        foreach (var ((_, remoteThread), (share, _)) in _remote)
        {
            if (remoteThread == threadId)
            {
                viewing += share.Viewing;
                names.UnionWith(share.Replying);
            }
        }

        return new PresenceView(threadId, viewing, names.ToList());
    }

    internal void OnRemoteShare(InstancePresence share)
    {
        if (share.InstanceId == instance.Id)
        {
            return;
        }

        _remote[(share.InstanceId, share.ThreadId)] = (share, clock.GetUtcNow().UtcDateTime);
        _dirty[share.ThreadId] = 0;
    }

    /// <summary>Expires what has gone quiet and returns the threads whose presence changed since the last call.</summary>
    internal IReadOnlyList<long> TakeChanges()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (threadId, thread) in _local)
        {
            lock (thread)
            {
                var expired = thread.Replying.Where(r => r.Value <= now).Select(r => r.Key).ToList();
                foreach (var name in expired)
                {
                    thread.Replying.Remove(name);
                }

                if (expired.Count > 0)
                {
                    _dirty[threadId] = 0;
                }
            }
        }

        foreach (var (key, (_, heardAt)) in _remote)
        {
            if (now - heardAt > _options.HeartbeatEvery * 3 && _remote.TryRemove(key, out _))
            {
                _dirty[key.ThreadId] = 0;
            }
        }

        var changed = new List<long>();
        foreach (var threadId in _dirty.Keys)
        {
            if (_dirty.TryRemove(threadId, out _))
            {
                changed.Add(threadId);
            }
        }

        foreach (var (threadId, thread) in _local)
        {
            lock (thread)
            {
                if (thread.Viewers.Count == 0 && thread.Replying.Count == 0 && !_dirty.ContainsKey(threadId) && !changed.Contains(threadId))
                {
                    thread.Retired = true;
                    _local.TryRemove(new KeyValuePair<long, LocalThread>(threadId, thread));
                }
            }
        }

        return changed;
    }

    internal InstancePresence LocalShareOf(long threadId)
    {
        var (viewing, replying) = LocalShare(threadId);
        return new InstancePresence(instance.Id, threadId, viewing, replying);
    }

    internal IEnumerable<long> ThreadsWithLocalViewers() =>
        _local.Where(t => { lock (t.Value) { return t.Value.Viewers.Count > 0; } }).Select(t => t.Key);

    // An entry retired by TakeChanges is never written again; the change goes to a fresh one.
    private void Update(long threadId, Action<LocalThread> change)
    {
        while (true)
        {
            var thread = _local.GetOrAdd(threadId, _ => new LocalThread());
            lock (thread)
            {
                if (!thread.Retired)
                {
                    change(thread);
                    return;
                }
            }
        }
    }

    private (int Viewing, List<string> Replying) LocalShare(long threadId)
    {
        if (!_local.TryGetValue(threadId, out var thread))
        {
            return (0, []);
        }

        lock (thread)
        {
            return (thread.Viewers.Count, thread.Replying.Keys.ToList());
        }
    }

    private sealed class LocalThread
    {
        public HashSet<string> Viewers { get; } = [];
        public Dictionary<string, DateTime> Replying { get; } = new(StringComparer.OrdinalIgnoreCase);
        public bool Retired { get; set; }
    }
}

/// <summary>Identifies this process among the instances sharing one Redis.</summary>
public sealed class RealtimeInstance
{
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
}
