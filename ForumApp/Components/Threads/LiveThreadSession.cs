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
/// Every change happens on the owner's dispatcher and ends with <c>changed</c>, which the page turns into
/// a render; <see cref="Revision"/> tells the views below whether anything they show moved.
/// </summary>
public sealed partial class LiveThreadSession : IAsyncDisposable
{
    private static readonly TimeSpan CheckForMissedEventsEvery = TimeSpan.FromSeconds(10);
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
        _subscriptions.Add(bus.SubscribeThread(threadId, threadEvent => _dispatch(() => OnThreadEventAsync(threadEvent))));
        _subscriptions.Add(bus.SubscribePresence(threadId, presence => _dispatch(() =>
        {
            Presence = presence;
            _changed();
            return Task.CompletedTask;
        })));
        _subscriptions.Add(SubscribeScores(threadId));
        if (Viewer.UserId is { } userId)
        {
            _subscriptions.Add(bus.SubscribeUser(userId, notice => _dispatch(() => OnMemberNotice(notice))));
        }

        _services.CircuitPresence.Enter(threadId, _viewerKey);
        Presence = _services.Presence.Current(threadId);

        // Subscribed first, then read: whatever was committed since this copy was read arrives one way or the other.
        await CatchUpAsync();
        await RefreshRemovedTextsAsync();
        _ = WatchForMissedEventsAsync(threadId, _liveCts.Token);
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

    /// <summary>The other order starts elsewhere in the tree: reads its first screen anew and keeps following events.</summary>
    public async Task ChangeSortAsync(CommentSort sort)
    {
        if (Live is not null && await _services.Threads.GetConversationsAsync(Live.Thread.Id, sort) is { } screen)
        {
            await ShowAsync(new LiveThread(screen, sort));
        }
    }

    /// <summary>Top-level conversations shown (those of the pages read, and new ones shown since).</summary>
    public int LoadedConversations => Live?.Comments.Count(c => c.ParentId is null) ?? 0;

    /// <summary>Reads the next screen of conversations (or, for a copy read by comments, of comments) after the ones shown.</summary>
    public Task LoadMoreAsync() => LoadMoreAsync(ConversationScreen.Size);

    private async Task LoadMoreAsync(int conversations)
    {
        if (Live is not { NextCursor: { } cursor } live || IsLoadingMore)
        {
            return;
        }

        IsLoadingMore = true;
        try
        {
            if (live.ByConversation)
            {
                var screen = await _services.Threads.GetConversationsAsync(live.Thread.Id, live.Sort, ConversationScreen.RootOf(cursor), conversations);
                if (screen is not null && ReferenceEquals(live, Live))
                {
                    live.AppendConversations(screen);
                    await ShowMyVotesAsync();
                }
            }
            else
            {
                var page = await _services.Threads.GetAsync(live.Thread.Id, new CommentPage(CommentPage.ScreenSize, cursor) { Sort = live.Sort });
                if (page is not null && ReferenceEquals(live, Live))
                {
                    live.Append(page.Comments, page.NextCursor);
                    await ShowMyVotesAsync();
                }
            }
        }
        catch (InvalidReadException)
        {
            // The comment the cursor stood on is gone: start again from the top in the same order.
            await ChangeSortAsync(live.Sort);
        }
        finally
        {
            IsLoadingMore = false;
        }
    }

    /// <summary>Reads every reply under a comment whose first replies only are shown.</summary>
    public async Task LoadRepliesAsync(long parentId)
    {
        if (Live is not { } live)
        {
            return;
        }

        if (await _services.Threads.GetRepliesAsync(live.Thread.Id, parentId, live.Sort) is { } replies && ReferenceEquals(live, Live))
        {
            live.ShowReplies(parentId, replies);
            await ShowMyVotesAsync();
        }
    }

    /// <summary>
    /// Makes sure a comment is shown, reading what it takes: the pages up to its conversation, then the replies
    /// of its nearest shown ancestor. False when the comment is not in the thread (or cannot be shown).
    /// </summary>
    public async Task<bool> RevealAsync(long commentId)
    {
        if (Live is not { } live)
        {
            return false;
        }

        if (live.IndexOf(commentId) >= 0)
        {
            return true;
        }

        if (await _services.Threads.LocateAsync(live.Thread.Id, commentId, live.Sort) is not { } location || !ReferenceEquals(live, Live))
        {
            return false;
        }

        if (live.IndexOf(location.RootId) < 0 && !live.IsComplete)
        {
            await LoadMoreAsync(Math.Clamp(location.ConversationsBefore + 1 - LoadedConversations, 1, CommentPage.MaxLimit));
        }

        // Each reply read shows a whole subtree (up to its limit): the nearest shown ancestor's brings the comment.
        foreach (var ancestor in location.Ancestors.Reverse())
        {
            if (live.IndexOf(commentId) >= 0 || !ReferenceEquals(live, Live))
            {
                break;
            }

            if (live.IndexOf(ancestor) >= 0)
            {
                await LoadRepliesAsync(ancestor);
            }
        }

        return live.IndexOf(commentId) >= 0;
    }

    /// <summary>Brings back what the reader had loaded in this history entry: as many conversations, the same replies read.</summary>
    public async Task RestoreAsync(int conversations, IReadOnlyList<long> wholeSubtrees)
    {
        if (Live is not { ByConversation: true } live)
        {
            return;
        }

        if (conversations > LoadedConversations && !live.IsComplete)
        {
            await LoadMoreAsync(Math.Min(conversations - LoadedConversations, CommentPage.MaxLimit));
        }

        foreach (var parentId in wholeSubtrees)
        {
            if (live.IndexOf(parentId) >= 0 && !live.WholeSubtrees.Contains(parentId))
            {
                await LoadRepliesAsync(parentId);
            }
        }
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

    public async Task MarkReplyingAsync()
    {
        if (Live is not null)
        {
            // A refusal (suspended, thread gone) only means nobody is told this reader is replying.
            var marked = await _services.Typing.MarkReplyingAsync(User, Live.Thread.Id);
            if (marked.Value)
            {
                _replying = true;
                _services.CircuitPresence.Replying(_viewerKey, ForumClaims.DisplayNameOf(User));
            }
        }
    }

    /// <summary>The reader posted or closed the editor: others stop seeing "X is replying…" now.</summary>
    public async Task StopReplyingAsync()
    {
        if (_replying && Live is not null)
        {
            _replying = false;
            _services.CircuitPresence.Replying(_viewerKey, null);
            await _services.Typing.StopReplyingAsync(User, Live.Thread.Id);
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
                await CatchUpAsync();
                break;
            case EventOutcome.Applied:
                await AfterAppliedAsync(threadEvent);
                break;
        }

        _changed();
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

    // Push is the fast path, not the record: a page that heard nothing for a while asks whether LastSeq moved.
    private async Task WatchForMissedEventsAsync(long threadId, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(CheckForMissedEventsEvery, _services.Clock);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var lastSeq = await _services.Threads.GetLastSeqAsync(threadId, cancellationToken);
                    if (lastSeq > Live?.LastSeq)
                    {
                        await _dispatch(async () =>
                        {
                            await CatchUpAsync();
                            _changed();
                        });
                    }
                }
                catch (Exception exception) when (DatabaseAvailability.IsUnavailableError(exception))
                {
                    // The reader keeps what is on screen; once the database answers, the next tick catches up.
                    _services.Availability.ReportFailure(exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            await _fail(exception);
        }
    }

    private void Announce()
    {
        _unannounced++;
        if (_announcing)
        {
            return;
        }

        _announcing = true;
        _ = Task.Delay(AnnounceAfter, _services.Clock).ContinueWith(_ => _dispatch(() =>
        {
            Announcement = _unannounced == 1 ? "1 new comment" : $"{_unannounced} new comments";
            _unannounced = 0;
            _announcing = false;
            _changed();
            return Task.CompletedTask;
        }), TaskScheduler.Default);
    }

    private Task OnMemberNotice(UserNotice notice)
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
        _changed();
        return Task.CompletedTask;
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
        _catchUpGate.Dispose();
    }
}
