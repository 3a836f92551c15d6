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
/// A thread with its live reply tree. The page composes: the <see cref="LiveThreadSession"/> keeps the copy
/// current, the comment tree draws it (each card rendering only when its own comment changed), and the
/// dialogs carry out moderation. New comments from others are held back while the reader writes, and new
/// conversations always wait behind a button, so nothing moves under the reader.
/// </summary>
public sealed partial class ThreadPage
{
    private readonly HashSet<long> _collapsed = [];
    private LiveThreadSession _session = default!;
    private ThreadDialogs _dialogs = default!;
    private CommentHandlers _handlers = default!;
    private long? _loadedId;
    private CommentSort _sort = CommentSort.Oldest;
    private string? _displayName;
    private long? _editorUnder;
    private long? _editing;

    // Bumped when what the tree shows changes outside the session (collapsing, editors).
    private long _viewRevision;

    [Inject] private ThreadService Threads { get; set; } = default!;
    [Inject] private CommentModerationService CommentModeration { get; set; } = default!;
    [Inject] private ThreadModerationService ThreadModeration { get; set; } = default!;
    [Inject] private TypingService Typing { get; set; } = default!;
    [Inject] private ForumEventBus Bus { get; set; } = default!;
    [Inject] private PresenceTracker Presence { get; set; } = default!;
    [Inject] private CircuitPresence CircuitPresence { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private DatabaseAvailability Availability { get; set; } = default!;

    [Parameter] public long Id { get; set; }

    /// <summary>Only for readable links; the id alone decides which thread is shown.</summary>
    [Parameter] public string? Slug { get; set; }

    /// <summary>Set for a comment's permalink: the view is rooted at that comment, with its ancestors above.</summary>
    [Parameter] public long? CommentId { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>Present only while prerendering, when the response status can still be set.</summary>
    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    private LiveThread? Live => _session.Live;

    private ThreadViewer Viewer => _session.Viewer;

    private bool IsLoaded => _loadedId == Id;

    private string ThreadUrl => Live is null ? "/" : ThreadService.UrlOf(Live.Thread.Id, Live.Thread.Slug);

    private string PermalinkOf(long commentId) => $"{ThreadUrl}/c/{commentId}";

    protected override void OnInitialized()
    {
        _session = new LiveThreadSession(
            new LiveThreadServices(Threads, CommentModeration, Typing, Bus, Presence, CircuitPresence, Clock, Availability),
            InvokeAsync,
            OnSessionChanged,
            DispatchExceptionAsync);
        _dialogs = new ThreadDialogs(Dialogs, Snackbar, CommentModeration, ThreadModeration, Bus);
        _handlers = new CommentHandlers
        {
            OnAction = EventCallback.Factory.Create<CommentAction>(this, OnCommentActionAsync),
            OnPosted = EventCallback.Factory.Create<PostedComment>(this, OnPosted),
            OnSaved = EventCallback.Factory.Create<CommentView>(this, CloseEditors),
            OnCancel = EventCallback.Factory.Create(this, CloseEditors),
            OnTyping = EventCallback.Factory.Create(this, OnTyping),
            PermalinkOf = PermalinkOf,
        };
    }

    protected override async Task OnParametersSetAsync()
    {
        if (IsLoaded)
        {
            return;
        }

        if (AuthenticationState is not null)
        {
            var user = (await AuthenticationState).User;
            var userId = ForumActor.IdOf(user);
            _displayName = userId is null ? null : ForumClaims.DisplayNameOf(user);
            _session.SignIn(user, new ThreadViewer(userId, user.IsInRole(ForumRoles.Moderator) || user.IsInRole(ForumRoles.Admin), CanWrite: true));
        }

        var id = Id;

        // A thread page reads one screen of comments at a time; a single conversation's view reads it whole.
        var thread = await Threads.GetAsync(id, CommentId is null ? CommentPage.FirstScreen(_sort) : CommentPage.Everything);
        if (id != Id)
        {
            // The reader moved on to another thread while this one loaded.
            return;
        }

        _loadedId = id;
        _collapsed.Clear();
        CloseEditors();

        // In-app navigation to another thread: a live session follows that one instead.
        await _session.ShowAsync(thread is null ? null : new LiveThread(thread, CommentId is null ? _sort : CommentSort.Oldest));

        if (thread is null && HttpContext is { Response.HasStarted: false })
        {
            // Server rendering answers 404 with the app's not-found page. (Setting the status by hand left the
            // body empty: the component endpoint leaves a 404's body to the status code pages.)
            Navigation.NotFound();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Not only on the first render: with a database that answers asynchronously the first render is the
        // loading placeholder, and the page goes live once the thread is there.
        if (RendererInfo.IsInteractive && Live is not null && !_session.IsLive)
        {
            await _session.StartAsync();
        }
    }

    private void OnSessionChanged()
    {
        // A lock or a suspension takes writing away: open editors close with it.
        if (Live is { Locked: true } || !Viewer.CanWrite)
        {
            CloseEditors();
        }

        StateHasChanged();
    }

    private async Task ChangeSort(ChangeEventArgs change)
    {
        _sort = Enum.TryParse<CommentSort>(change.Value?.ToString(), out var sort) ? sort : CommentSort.Oldest;
        CloseEditors();
        await _session.ChangeSortAsync(_sort);
    }

    // The session asks the typing service, which applies the same guard as posting.
    private Task OnTyping() => _displayName is null ? Task.CompletedTask : _session.MarkReplyingAsync();

    private void OnPosted(PostedComment posted)
    {
        _session.ShowOwn(posted.Comment);
        CloseEditors();
    }

    private void CloseEditors()
    {
        if (_editorUnder is not null)
        {
            _viewRevision++;
        }

        _editorUnder = null;
        _editing = null;
        _session.HoldNewComments(false);
    }

    private void OpenEditor(long commentId, bool edit)
    {
        _editorUnder = commentId;
        _editing = edit ? commentId : null;
        _viewRevision++;

        // While the reader writes, what is under the editor stays still; new comments wait behind the button.
        _session.HoldNewComments(true);
    }

    private async Task OnCommentActionAsync(CommentAction action)
    {
        var comment = action.Comment;
        switch (action.Kind)
        {
            case CommentActionKind.Reply or CommentActionKind.Edit:
                OpenEditor(comment.Id, edit: action.Kind == CommentActionKind.Edit);
                break;
            case CommentActionKind.ToggleCollapse:
                if (!_collapsed.Remove(comment.Id))
                {
                    _collapsed.Add(comment.Id);
                }

                _viewRevision++;
                break;
            case CommentActionKind.Restore:
                await _dialogs.RestoreAsync(_session.User, comment.Id);
                break;
            default:
                await _dialogs.OpenAsync(_session.User, action);
                break;
        }
    }

    private async Task ToggleLockAsync()
    {
        if (Live is { Locked: true } locked)
        {
            await _dialogs.UnlockAsync(_session.User, locked.Thread.Id);
        }
        else if (Live is not null)
        {
            await _dialogs.LockAsync(_session.User, Live.Thread.Id);
        }
    }

    private async Task RemoveThreadAsync()
    {
        if (Live is not null && await _dialogs.RemoveThreadAsync(_session.User, Live.Thread.Id))
        {
            // A removed thread is gone for readers; the moderation log keeps its text and the moderation API restores it.
            Navigation.NavigateTo("/", forceLoad: true);
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

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
