using System.Security.Claims;
using ForumApp.Components.Threads;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Comments;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace ForumApp.Components.Pages;

/// <summary>
/// A thread with its live reply tree. Once interactive it subscribes to the thread's events, catches up
/// from the database (the prerendered copy may be older), applies each event in sequence order, and
/// checks now and then whether it missed anything. New comments from others are held back while the
/// reader writes, and new conversations always wait behind a button, so nothing moves under the reader.
/// </summary>
public sealed partial class ThreadPage
{
    private static readonly TimeSpan CheckForMissedEventsEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AnnounceAfter = TimeSpan.FromSeconds(2);

    private readonly HashSet<long> _collapsed = [];
    private readonly HashSet<long> _fresh = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly SemaphoreSlim _catchUpGate = new(1, 1);
    private readonly string _viewerKey = $"page-{Guid.NewGuid():N}";
    private readonly DialogOptions _dialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
    private CancellationTokenSource? _liveCts;
    private LiveThread? _live;
    private long? _loadedId;
    private long? _subscribedId;
    private CommentSort _sort = CommentSort.Oldest;
    private ThreadViewer _viewer = ThreadViewer.Anonymous;
    private ClaimsPrincipal? _user;
    private string? _displayName;
    private PresenceView? _presence;
    private IReadOnlyDictionary<long, RemovedText>? _removedTexts;
    private long? _editorUnder;
    private long? _editing;
    private string? _notice;
    private string? _announcement;
    private int _unannounced;
    private bool _announcing;

    private PendingDialog? _dialog;
    private bool _dialogOpen;
    private bool _dialogBusy;
    private string? _dialogReason;
    private string? _dialogError;
    private int _suspendDays = 7;
    private bool _removeTheirComments;

    [Inject] private ThreadService Threads { get; set; } = default!;
    [Inject] private CommentService Comments { get; set; } = default!;
    [Inject] private CommentModerationService CommentModeration { get; set; } = default!;
    [Inject] private ThreadModerationService ThreadModeration { get; set; } = default!;
    [Inject] private MemberModerationService MemberModeration { get; set; } = default!;
    [Inject] private ReportService Reports { get; set; } = default!;
    [Inject] private ForumEventBus Bus { get; set; } = default!;
    [Inject] private PresenceTracker Presence { get; set; } = default!;
    [Inject] private CircuitPresence CircuitPresence { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private DatabaseAvailability Availability { get; set; } = default!;
    [Inject] private Web.CircuitClientAddress ClientAddress { get; set; } = default!;

    [Parameter] public long Id { get; set; }

    /// <summary>Only for readable links; the id alone decides which thread is shown.</summary>
    [Parameter] public string? Slug { get; set; }

    /// <summary>Set for a comment's permalink: the view is rooted at that comment, with its ancestors above.</summary>
    [Parameter] public long? CommentId { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>Present only while prerendering, when the response status can still be set.</summary>
    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    private bool IsLoaded => _loadedId == Id;

    private bool CanShowEditors => _viewer.CanWrite;

    private int VisibleCommentCount => _live?.CommentCount ?? 0;

    private bool _loadingMore;

    private string ThreadUrl => _live is null ? "/" : ThreadService.UrlOf(_live.Thread.Id, _live.Thread.Slug);

    private string PermalinkOf(long commentId) => $"{ThreadUrl}/c/{commentId}";

    private sealed record FocusView(CommentView Root, IReadOnlyList<CommentView> Ancestors);

    private FocusView? Focus
    {
        get
        {
            if (CommentId is not { } focusId || _live is null || _live.IndexOf(focusId) is not (var index and >= 0))
            {
                return null;
            }

            var byId = _live.Comments.ToDictionary(c => c.Id);
            var root = _live.Comments[index];
            var ancestors = new List<CommentView>();
            for (var parentId = root.ParentId; parentId is { } id && byId.TryGetValue(id, out var parent); parentId = parent.ParentId)
            {
                ancestors.Add(parent);
            }

            ancestors.Reverse();
            return new FocusView(root, ancestors);
        }
    }

    /// <summary>The comments this view shows: the whole thread, or the focused comment's subtree.</summary>
    private IReadOnlyList<CommentView> Shown
    {
        get
        {
            if (_live is null)
            {
                return [];
            }

            if (CommentId is not { } focusId)
            {
                return _live.Comments;
            }

            var index = _live.IndexOf(focusId);
            if (index < 0)
            {
                return [];
            }

            var root = _live.Comments[index];
            var subtree = new List<CommentView> { root };
            for (var next = index + 1; next < _live.Comments.Count && _live.Comments[next].Depth > root.Depth; next++)
            {
                subtree.Add(_live.Comments[next]);
            }

            return subtree;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (IsLoaded)
        {
            return;
        }

        if (AuthenticationState is not null)
        {
            _user = (await AuthenticationState).User;
            var userId = ForumActor.IdOf(_user);
            _displayName = userId is null ? null : ForumClaims.DisplayNameOf(_user);
            _viewer = new ThreadViewer(userId, _user.IsInRole(ForumRoles.Moderator) || _user.IsInRole(ForumRoles.Admin), CanWrite: true);
        }

        var id = Id;

        // A thread page reads one screen of comments at a time; a single conversation's view reads it whole.
        var thread = await Threads.GetAsync(id, CommentId is null ? CommentPage.FirstScreen(_sort) : CommentPage.Everything);
        if (id != Id)
        {
            // The reader moved on to another thread while this one loaded.
            return;
        }

        _live = thread is null ? null : new LiveThread(thread, CommentId is null ? _sort : CommentSort.Oldest);
        _loadedId = id;
        _collapsed.Clear();
        _fresh.Clear();
        CloseEditors();

        if (thread is null && HttpContext is { Response.HasStarted: false })
        {
            // Server rendering answers 404 with the app's not-found page. (Setting the status by hand left the
            // body empty: the component endpoint leaves a 404's body to the status code pages.)
            Navigation.NotFound();
        }

        if (RendererInfo.IsInteractive && _subscribedId is not null && _subscribedId != Id)
        {
            // In-app navigation to another thread: follow that one instead.
            await StopLiveAsync();
            await StartLiveAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Not only on the first render: with a database that answers asynchronously the first render is the
        // loading placeholder, and the page goes live once the thread is there.
        if (RendererInfo.IsInteractive && _live is not null && _subscribedId is null)
        {
            await StartLiveAsync();
        }
    }

    private async Task StartLiveAsync()
    {
        if (_live is null || _subscribedId is not null)
        {
            return;
        }

        var threadId = _live.Thread.Id;
        _subscribedId = threadId;
        _liveCts = new CancellationTokenSource();
        _subscriptions.Add(Bus.SubscribeThread(threadId, threadEvent => InvokeAsync(() => OnThreadEventAsync(threadEvent))));
        _subscriptions.Add(Bus.SubscribePresence(threadId, presence => InvokeAsync(() =>
        {
            _presence = presence;
            StateHasChanged();
        })));
        if (_viewer.UserId is { } userId)
        {
            _subscriptions.Add(Bus.SubscribeUser(userId, notice => InvokeAsync(() => OnMemberNotice(notice))));
        }

        CircuitPresence.Enter(threadId, _viewerKey);
        _presence = Presence.Current(threadId);

        // Subscribed first, then read: whatever was committed since this copy was read arrives one way or the other.
        await CatchUpAsync();
        await RefreshRemovedTextsAsync();
        _ = WatchForMissedEventsAsync(threadId, _liveCts.Token);
        StateHasChanged();
    }

    private async Task StopLiveAsync()
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
        CircuitPresence.Leave(_viewerKey);

        _subscribedId = null;
    }

    private async Task OnThreadEventAsync(ThreadEventView threadEvent)
    {
        if (_live is null || threadEvent.ThreadId != _live.Thread.Id)
        {
            return;
        }

        switch (_live.Apply(threadEvent))
        {
            case EventOutcome.Gap:
                await CatchUpAsync();
                break;
            case EventOutcome.Applied:
                await AfterAppliedAsync(threadEvent);
                break;
        }

        StateHasChanged();
    }

    private async Task AfterAppliedAsync(ThreadEventView threadEvent)
    {
        switch (threadEvent.Kind)
        {
            case ThreadEventKind.Posted when threadEvent.Comment is { } posted && posted.AuthorId != _viewer.UserId:
                _fresh.Add(posted.Id);
                Announce();
                break;
            case ThreadEventKind.Locked:
                CloseEditors();
                break;
            case ThreadEventKind.Removed or ThreadEventKind.Restored or ThreadEventKind.Deleted:
                await RefreshRemovedTextsAsync();
                break;
        }
    }

    /// <summary>Reads every event after the last one applied, page by page, straight from the database.</summary>
    private async Task CatchUpAsync()
    {
        if (_live is null)
        {
            return;
        }

        await _catchUpGate.WaitAsync();
        try
        {
            while (true)
            {
                var events = await Threads.GetEventsAsync(_live.Thread.Id, _live.LastSeq);
                if (events is null)
                {
                    return;
                }

                foreach (var threadEvent in events)
                {
                    if (_live.Apply(threadEvent) == EventOutcome.Applied)
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
            using var timer = new PeriodicTimer(CheckForMissedEventsEvery, Clock);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var lastSeq = await Threads.GetLastSeqAsync(threadId, cancellationToken);
                    if (lastSeq > _live?.LastSeq)
                    {
                        await InvokeAsync(async () =>
                        {
                            await CatchUpAsync();
                            StateHasChanged();
                        });
                    }
                }
                catch (Exception exception) when (DatabaseAvailability.IsUnavailableError(exception))
                {
                    // The reader keeps what is on screen; once the database answers, the next tick catches up.
                    Availability.ReportFailure(exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
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
        _ = Task.Delay(AnnounceAfter, Clock).ContinueWith(_ => InvokeAsync(() =>
        {
            _announcement = _unannounced == 1 ? "1 new comment" : $"{_unannounced} new comments";
            _unannounced = 0;
            _announcing = false;
            StateHasChanged();
        }), TaskScheduler.Default);
    }

    private void OnMemberNotice(UserNotice notice)
    {
        if (notice.Kind == UserNoticeKind.Suspended)
        {
            _viewer = _viewer with { CanWrite = false };
            CloseEditors();
        }
        else if (notice.Kind == UserNoticeKind.Unsuspended)
        {
            _viewer = _viewer with { CanWrite = true };
        }

        _notice = notice.Message;
        StateHasChanged();
    }

    private async Task RefreshRemovedTextsAsync()
    {
        if (!_viewer.IsModerator || _live is null)
        {
            return;
        }

        var removed = await CommentModeration.GetRemovedTextsAsync(_user, _live.Thread.Id);
        _removedTexts = removed.Value;
    }

    private void ShowHeld()
    {
        foreach (var comment in _live?.Held ?? [])
        {
            _fresh.Add(comment.Id);
        }

        _live?.ShowHeld();
    }

    private async Task ChangeSort(ChangeEventArgs change)
    {
        _sort = Enum.TryParse<CommentSort>(change.Value?.ToString(), out var sort) ? sort : CommentSort.Oldest;
        if (_live is null)
        {
            return;
        }

        // The other order starts elsewhere in the tree: read its first screen anew and keep following events.
        var thread = await Threads.GetAsync(_live.Thread.Id, CommentPage.FirstScreen(_sort));
        if (thread is not null)
        {
            _live = new LiveThread(thread, _sort);
            CloseEditors();
            await CatchUpAsync();
        }
    }

    private async Task LoadMoreAsync()
    {
        if (_live is not { NextCursor: { } cursor } live || _loadingMore)
        {
            return;
        }

        _loadingMore = true;
        try
        {
            var page = await Threads.GetAsync(live.Thread.Id, new CommentPage(CommentPage.ScreenSize, cursor, _sort == CommentSort.Newest));
            if (page is not null && ReferenceEquals(live, _live))
            {
                live.Append(page.Comments, page.NextCursor);
            }
        }
        catch (InvalidReadException)
        {
            // The comment the cursor stood on is gone: start again from the top in the same order.
            await ChangeSort(new ChangeEventArgs { Value = _sort.ToString() });
        }
        finally
        {
            _loadingMore = false;
        }
    }

    private void OnTyping()
    {
        if (_live is not null && _displayName is not null)
        {
            Presence.MarkReplying(_live.Thread.Id, _displayName);
        }
    }

    private void OnPostedAsync(PostedComment posted)
    {
        _live?.ShowOwn(posted.Comment);
        _fresh.Add(posted.Comment.Id);
        CloseEditors();
    }

    private void OnSaved(CommentView _) => CloseEditors();

    private void CloseEditors()
    {
        _editorUnder = null;
        _editing = null;
        if (_live is not null)
        {
            _live.HoldAllNewComments = false;
        }
    }

    private void OpenEditor(long commentId, bool edit)
    {
        _editorUnder = commentId;
        _editing = edit ? commentId : null;

        // While the reader writes, what is under the editor stays still; new comments wait behind the button.
        if (_live is not null)
        {
            _live.HoldAllNewComments = true;
        }
    }

    private RenderFragment<CommentView> EditorFor => comment => builder =>
    {
        builder.OpenComponent<ReplyEditor>(0);
        builder.AddComponentParameter(1, nameof(ReplyEditor.ThreadId), comment.ThreadId);
        if (_editing == comment.Id)
        {
            builder.AddComponentParameter(2, nameof(ReplyEditor.Editing), comment);
            builder.AddComponentParameter(3, nameof(ReplyEditor.OnSaved), EventCallback.Factory.Create<CommentView>(this, OnSaved));
        }
        else
        {
            builder.AddComponentParameter(2, nameof(ReplyEditor.ParentId), comment.Id);
            builder.AddComponentParameter(3, nameof(ReplyEditor.OnPosted), EventCallback.Factory.Create<PostedComment>(this, OnPostedAsync));
            builder.AddComponentParameter(4, nameof(ReplyEditor.OnTyping), EventCallback.Factory.Create(this, OnTyping));
        }

        builder.AddComponentParameter(5, nameof(ReplyEditor.AutoFocus), true);
        builder.AddComponentParameter(6, nameof(ReplyEditor.Compact), true);
        builder.AddComponentParameter(7, nameof(ReplyEditor.OnCancel), EventCallback.Factory.Create(this, CloseEditors));
        builder.SetKey($"{(_editing == comment.Id ? "edit" : "reply")}-{comment.Id}");
        builder.CloseComponent();
    };

    private async Task OnCommentActionAsync(CommentAction action)
    {
        var comment = action.Comment;
        switch (action.Kind)
        {
            case CommentActionKind.Reply:
                OpenEditor(comment.Id, edit: false);
                break;
            case CommentActionKind.Edit:
                OpenEditor(comment.Id, edit: true);
                break;
            case CommentActionKind.ToggleCollapse:
                if (!_collapsed.Remove(comment.Id))
                {
                    _collapsed.Add(comment.Id);
                }

                break;
            case CommentActionKind.Restore:
                ShowOutcome(await CommentModeration.RestoreCommentAsync(_user, comment.Id), "Comment restored.");
                break;
            default:
                OpenDialog(PendingDialog.For(action));
                break;
        }

        await Task.CompletedTask;
    }

    private async Task ToggleLockAsync()
    {
        if (_live is null)
        {
            return;
        }

        if (_live.Locked)
        {
            ShowOutcome(await ThreadModeration.UnlockThreadAsync(_user, _live.Thread.Id), "Thread unlocked.");
        }
        else
        {
            OpenDialog(PendingDialog.Lock());
        }
    }

    private void OpenDialog(PendingDialog dialog)
    {
        _dialog = dialog;
        _dialogReason = null;
        _dialogError = null;
        _suspendDays = 7;
        _removeTheirComments = false;
        _dialogOpen = true;
    }

    private void CloseDialog()
    {
        _dialogOpen = false;
        _dialog = null;
    }

    private async Task ConfirmDialogAsync()
    {
        if (_dialog is not { } dialog || _live is null)
        {
            return;
        }

        _dialogBusy = true;
        try
        {
            var threadId = _live.Thread.Id;
            var reason = string.IsNullOrWhiteSpace(_dialogReason) ? null : _dialogReason.Trim();
            var comment = dialog.Comment;
            var error = dialog.Kind switch
            {
                DialogKind.Delete => (await Comments.DeleteAsync(_user, threadId, comment!.Id)).Error,
                DialogKind.Report => (await Reports.ReportAsync(_user, comment!.Id, reason, ClientAddress.Address)).Error,
                DialogKind.Remove or DialogKind.RemoveWithReplies => await RemoveAsync(comment!, reason, dialog.Kind == DialogKind.RemoveWithReplies),
                DialogKind.Suspend => (await MemberModeration.SuspendAsync(
                    _user, comment!.AuthorId!.Value,
                    _suspendDays == 0 ? null : Clock.GetUtcNow().UtcDateTime.AddDays(_suspendDays),
                    reason,
                    _removeTheirComments ? "thread" : "none",
                    threadId)).Error,
                DialogKind.Lock => (await ThreadModeration.LockThreadAsync(_user, threadId, reason)).Error,
                DialogKind.RemoveThread => (await ThreadModeration.SetThreadRemovedAsync(_user, threadId, removed: true, reason)).Error,
                _ => null,
            };

            if (error is not null)
            {
                // The dialog stays open with the reason as typed, and says what went wrong.
                _dialogError = error.Message;
                return;
            }

            if (dialog.Done is { } done)
            {
                Snackbar.Add(done, Severity.Success);
            }

            CloseDialog();
            if (dialog.Kind == DialogKind.RemoveThread)
            {
                // A removed thread is gone for readers; the moderation log keeps its text and the moderation API restores it.
                Navigation.NavigateTo("/", forceLoad: true);
            }
        }
        finally
        {
            _dialogBusy = false;
        }
    }

    private async Task<Features.ForumError?> RemoveAsync(CommentView comment, string? reason, bool includeReplies)
    {
        var removal = await CommentModeration.RemoveCommentAsync(_user, comment.Id, reason, includeReplies);
        if (removal.Value is { } removed)
        {
            Snackbar.Add(removed.RemovedCommentIds.Count == 1 ? "Comment removed." : $"{removed.RemovedCommentIds.Count} comments removed.", Severity.Info, options =>
            {
                options.Action = "Undo";
                options.ActionColor = Color.Warning;
                options.OnClick = async _ => ShowOutcome(await CommentModeration.RestoreCommentAsync(_user, comment.Id), "Removal undone.");
            });
        }

        return removal.Error;
    }

    private void ShowOutcome<T>(Features.ForumResult<T> result, string success)
    {
        if (result.Error is { } error)
        {
            Snackbar.Add(error.Message, Severity.Error);
        }
        else
        {
            Snackbar.Add(success, Severity.Success);
        }
    }

    private static string ReplyingText(IReadOnlyList<string> names) => names.Count switch
    {
        1 => $"{names[0]} is replying…",
        2 => $"{names[0]} and {names[1]} are replying…",
        _ => $"{names[0]} and {names.Count - 1} others are replying…",
    };

    private static string Excerpt(string? body) =>
        body is null ? "" : body.Length <= 120 ? body : string.Concat(body.AsSpan(0, 117), "…");

    public async ValueTask DisposeAsync()
    {
        await StopLiveAsync();
        _catchUpGate.Dispose();
    }

    private enum DialogKind
    {
        Delete,
        Report,
        Remove,
        RemoveWithReplies,
        Suspend,
        Lock,
        RemoveThread,
    }

    private sealed record PendingDialog(
        DialogKind Kind,
        CommentView? Comment,
        string Title,
        string Explanation,
        string ConfirmText,
        bool AsksReason,
        string ReasonLabel,
        bool AsksDuration,
        bool Destructive,
        string? Done)
    {
        public static PendingDialog For(CommentAction action) => action.Kind switch
        {
            CommentActionKind.Delete => new(DialogKind.Delete, action.Comment, "Delete your comment?",
                "It becomes a “deleted by its author” note; replies to it stay.", "Delete", false, "", false, true, "Comment deleted."),
            CommentActionKind.Report => new(DialogKind.Report, action.Comment, $"Report {action.Comment.Author}'s comment",
                "Moderators will look at it. Say briefly what is wrong.", "Report", true, "What is wrong", false, false, "Thanks, moderators will look at it."),
            CommentActionKind.Remove => new(DialogKind.Remove, action.Comment, "Remove this comment?",
                "Everyone sees “removed by a moderator” and the reason, if you give one. Replies stay.", "Remove", true, "Public reason (optional)", false, true, null),
            CommentActionKind.RemoveWithReplies => new(DialogKind.RemoveWithReplies, action.Comment, "Remove this comment and every reply under it?",
                "Each one becomes a “removed by a moderator” note. You can restore them all at once.", "Remove all", true, "Public reason (optional)", false, true, null),
            CommentActionKind.SuspendAuthor => new(DialogKind.Suspend, action.Comment, $"Suspend {action.Comment.Author}?",
                "A suspended member can read but not post or edit. Their open editors close at once.", "Suspend", true, "Reason (shown to them)", true, true, $"{action.Comment.Author} is suspended."),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.Kind, "No dialog for this action."),
        };

        public static PendingDialog Lock() => new(DialogKind.Lock, null, "Lock this thread?",
            "Nobody can post or edit comments while it is locked. Everyone sees a banner.", "Lock", true, "Reason (optional)", false, false, "Thread locked.");

        public static PendingDialog RemoveThread() => new(DialogKind.RemoveThread, null, "Remove this thread?",
            "It disappears from the forum for everyone, with its comments; the moderation log keeps its title and article.", "Remove thread", true,
            "Reason (kept in the log)", false, true, "Thread removed.");
    }
}
