using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Comments;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using ForumApp.Realtime;

namespace ForumApp.Components.Threads;

/// <summary>
/// One reader's live copy of a thread, without markup. Once started it subscribes to the thread's events,
/// catches up from the database (the copy read first may be older), applies each event in sequence order,
/// reads what it missed when a gap shows or when the thread's last seq moved, and batches announcements.
/// Every change happens on the owner's dispatcher, live events through one inbox (a burst shares a dispatch).
/// A comment, presence or announcement change raises its own <see cref="RenderSignal"/>, so only the region
/// showing it renders, all of a dispatch's regions in one render batch; anything else ends with <c>changed</c>,
/// which the page turns into a whole render. <see cref="Revision"/> tells the
/// views below whether anything they show moved.
/// </summary>
public sealed partial class LiveThreadSession : IAsyncDisposable
{
    private static readonly TimeSpan AnnounceAfter = TimeSpan.FromSeconds(2);

    private readonly LiveThreadServices _services;
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Action _changed;
    private readonly Func<Exception, Task> _fail;
    private readonly HashSet<long> _fresh = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly SemaphoreSlim _catchUpGate = new(1, 1);
    private readonly string _viewerKey = $"page-{Guid.NewGuid():N}";
    private CancellationTokenSource? _liveCts;
    private long _ownRevision;
    private int _unannounced;
    private bool _announcing;
    private bool _replying;

    /// <param name="dispatch">Runs work on the owner's dispatcher (a component's InvokeAsync).</param>
    /// <param name="changed">Called on the dispatcher after state changed.</param>
    /// <param name="fail">Hands an unexpected failure of background work to the owner's circuit.</param>
    public LiveThreadSession(LiveThreadServices services, Func<Func<Task>, Task> dispatch, Action changed, Func<Exception, Task> fail)
    {
        _services = services;
        _dispatch = dispatch;
        _changed = changed;
        _fail = fail;
    }

    public LiveThread? Live { get; private set; }

    public ClaimsPrincipal? User { get; private set; }

    /// <summary>What the reader may be offered; a suspension notice takes writing away at once.</summary>
    public ThreadViewer Viewer { get; private set; } = ThreadViewer.Anonymous;

    public PresenceView? Presence { get; private set; }

    /// <summary>For moderators: the words behind each tombstone.</summary>
    public IReadOnlyDictionary<long, RemovedText>? RemovedTexts { get; private set; }

    /// <summary>Comments that arrived while the page was open (drawn with a highlight).</summary>
    public IReadOnlySet<long> Fresh => _fresh;

    /// <summary>The latest notice addressed to this member (e.g. a suspension).</summary>
    public string? Notice { get; private set; }

    /// <summary>One polite announcement per batch of arrivals, never one per comment.</summary>
    public string? Announcement { get; private set; }

    public bool IsLive => _liveCts is not null;

    public bool IsLoadingMore { get; private set; }

    /// <summary>Goes up whenever anything the comment list shows changed.</summary>
    public long Revision => (Live?.Version ?? 0) + _ownRevision;

    // A new copy starts its version at zero; the session's part grows past the old copy's, so the sum never repeats.
    private void Replaced(LiveThread? old) => _ownRevision += (old?.Version ?? 0) + 1;

    public void SignIn(ClaimsPrincipal? user, ThreadViewer viewer)
    {
        User = user;
        Viewer = viewer;
        _ownRevision++;
    }

    /// <summary>Shows a freshly read copy (another thread, another order); a running session follows it.</summary>
    public async Task ShowAsync(LiveThread? live)
    {
        var another = Live?.Thread.Id != live?.Thread.Id;
        var followsAnother = IsLive && another;
        Replaced(Live);
        Live = live;
        if (another)
        {
            _fresh.Clear();
        }

        await ShowMyVotesAsync();

        if (followsAnother)
        {
            await StopAsync();
            await StartAsync();
        }
        else if (IsLive)
        {
            await CatchUpAsync();
        }
    }

    public async Task StartAsync()
    {
        if (Live is null || IsLive)
        {
            return;
        }

        var threadId = Live.Thread.Id;
        _liveCts = new CancellationTokenSource();
        var bus = _services.Bus;
        // Each handler only puts the event in the inbox: a burst shares one dispatch, and one render batch.
        _subscriptions.Add(bus.SubscribeThread(threadId, Deliver));
        _subscriptions.Add(bus.SubscribePresence(threadId, Deliver));
        _subscriptions.Add(bus.SubscribeScores(threadId, Deliver));
        if (Viewer.UserId is { } userId)
        {
            _subscriptions.Add(bus.SubscribeUser(userId, Deliver));
        }

        _services.CircuitPresence.Enter(threadId, _viewerKey);
        Presence = _services.Presence.Current(threadId);

        // Subscribed first, then read: whatever was committed since this copy was read arrives one way or the other.
        await CatchUpAsync();
        await RefreshRemovedTextsAsync();
        WatchForMissedEvents(threadId, _liveCts.Token);
        _changed();
    }

    public async Task StopAsync()
    {
        if (_liveCts is not null)
        {
            await _liveCts.CancelAsync();
            _liveCts.Dispose();
            _liveCts = null;
        }

        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _subscriptions.Clear();
        _services.CircuitPresence.Leave(_viewerKey);
    }

    /// <summary>Shows the comments held back behind the "N new comments" button.</summary>
    public void ShowHeld()
    {
        foreach (var comment in Live?.Held ?? [])
        {
            _fresh.Add(comment.Id);
        }

        Live?.ShowHeld();
    }

    /// <summary>The reader's own comment shows at once, wherever others' would be held back.</summary>
    public void ShowOwn(CommentView comment)
    {
        Live?.ShowOwn(comment);
        _fresh.Add(comment.Id);
    }

    /// <summary>While the reader writes, what is under the editor stays still; new comments wait behind the button.</summary>
    public void HoldNewComments(bool hold)
    {
        if (Live is not null)
        {
            Live.HoldAllNewComments = hold;
        }
    }

    private async Task OnThreadEventAsync(ThreadEventView threadEvent)
    {
        if (Live is null || threadEvent.ThreadId != Live.Thread.Id)
        {
            return;
        }

        switch (Live.Apply(threadEvent))
        {
            case EventOutcome.Gap:
                // Whatever was missed may be anything, a lock too: the page renders whole.
                await CatchUpAsync();
                DrawPage();
                break;
            case EventOutcome.Applied:
                await AfterAppliedAsync(threadEvent);
                if (threadEvent.Kind is ThreadEventKind.Locked or ThreadEventKind.Unlocked)
                {
                    DrawPage();
                }

                // A comment event is the common case, at every open page at once: the inbox draws only what it changed.
                break;
        }
    }

    private async Task AfterAppliedAsync(ThreadEventView threadEvent)
    {
        switch (threadEvent.Kind)
        {
            case ThreadEventKind.Posted when threadEvent.Comment is { } posted && posted.AuthorId != Viewer.UserId:
                _fresh.Add(posted.Id);
                Announce();
                break;
            case ThreadEventKind.Removed or ThreadEventKind.Restored or ThreadEventKind.Deleted:
                await RefreshRemovedTextsAsync();
                break;
        }
    }

    /// <summary>Reads every event after the last one applied, page by page, straight from the database.</summary>
    private async Task CatchUpAsync()
    {
        if (Live is null)
        {
            return;
        }

        await _catchUpGate.WaitAsync();
        try
        {
            while (Live is { } live)
            {
                var events = await _services.Threads.GetEventsAsync(live.Thread.Id, live.LastSeq);
                if (events is null || !ReferenceEquals(live, Live))
                {
                    return;
                }

                foreach (var threadEvent in events)
                {
                    if (live.Apply(threadEvent) == EventOutcome.Applied)
                    {
                        await AfterAppliedAsync(threadEvent);
                    }
                }

                if (events.Count < ThreadService.MaxEventsPerRead)
                {
                    return;
                }
            }
        }
        finally
        {
            _catchUpGate.Release();
        }
    }

    private void OnMemberNotice(UserNotice notice)
    {
        if (notice.Kind == UserNoticeKind.Suspended)
        {
            Viewer = Viewer with { CanWrite = false };
        }
        else if (notice.Kind == UserNoticeKind.Unsuspended)
        {
            Viewer = Viewer with { CanWrite = true };
        }

        Notice = notice.Message;
        _ownRevision++;
        DrawPage();
    }

    private async Task RefreshRemovedTextsAsync()
    {
        if (!Viewer.IsModerator || Live is null)
        {
            return;
        }

        var removed = await _services.Moderation.GetRemovedTextsAsync(User, Live.Thread.Id);
        RemovedTexts = removed.Value;
        _ownRevision++;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Leaving the page (or the circuit ending) ends the reader's "is replying" at once.
            await StopReplyingAsync();
        }
        catch (Exception exception) when (DatabaseAvailability.IsUnavailableError(exception))
        {
            // It expires on its own a few seconds later.
        }

        await StopAsync();
        _announceTimer?.Dispose();
        _catchUpGate.Dispose();
    }
}
