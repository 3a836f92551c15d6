using ForumApp.Components.Shared;
using ForumApp.Components.Threads;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Comments;
using ForumApp.Features.Formatting;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using ForumApp.Features.Votes;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
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
    private CommentSort _sort = CommentSorts.Default;
    private string? _displayName;
    private long? _editorUnder;
    private long? _editing;

    // The reader's own suspension, read from the database so its reason shows after a reload too.
    private OwnSuspension? _suspension;
    private bool _readingSuspension;

    // The top-level editor is offered while the thread is open; once offered, a lock turns it read-only
    // instead of taking it (and the reader's text) away.
    private bool _composerOffered;

    // Bumped when what the tree shows changes outside the session (collapsing, editors).
    private long _viewRevision;

    private IJSObjectReference? _module;

    // Read with the thread's row, so prerendering does not ask the database again for the pin.
    private bool? _pinnedAsRead;

    // Set when a thread or another view of it was shown: the next render asks the browser what the arrival wants
    // (a #c fragment to bring into sight, or the place and loaded comments of this history entry to restore).
    private bool _arrivalPending;

    // Comments to bring into sight and highlight after the next render (the reader's own, the new ones shown).
    private IReadOnlyList<long>? _revealAfterRender;
    private double? _scrollAfterRender;
    private (int Conversations, int WholeSubtrees) _remembered;

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
    [Inject] private MemberModerationService MemberModeration { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private VoteService Votes { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;

    [Parameter] public long Id { get; set; }

    /// <summary>Only for readable links; the id alone decides which thread is shown.</summary>
    [Parameter] public string? Slug { get; set; }

    /// <summary>Set for a comment's permalink: the view is rooted at that comment, with its ancestors above.</summary>
    [Parameter] public long? CommentId { get; set; }

    /// <summary>Opens the reply editor under this comment (where "Sign in to reply" brings the reader back).</summary>
    [SupplyParameterFromQuery(Name = "reply")] public long? ReplyTo { get; set; }
    /// <summary>The order in the address (<c>?sort=best</c>, <c>top</c>, <c>new</c> or <c>old</c>); without it, the reader's last choice.</summary>
    [SupplyParameterFromQuery(Name = "sort")] public string? SortInAddress { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>Present only while prerendering, when the response status can still be set.</summary>
    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    private LiveThread? Live => _session.Live;

    private ThreadViewer Viewer => _session.Viewer;

    private bool IsLoaded => _loadedId == Id;

    private string ThreadUrl => Live is null ? "/" : ThreadService.UrlOf(Live.Thread.Id, Live.Thread.Slug);

    // Every card asks for its link on every render of the list, at every open page: each is built once.
    private readonly Dictionary<long, string> _permalinks = [];
    private object? _permalinksOf;

    private string PermalinkOf(long commentId)
    {
        if (!ReferenceEquals(Live?.Thread, _permalinksOf))
        {
            _permalinks.Clear();
            _permalinksOf = Live?.Thread;
        }

        if (!_permalinks.TryGetValue(commentId, out var link))
        {
            link = $"{ThreadUrl}/c/{commentId}";
            _permalinks[commentId] = link;
        }

        return link;
    }

    protected override void OnInitialized()
    {
        _session = new LiveThreadSession(
            new LiveThreadServices(Threads, CommentModeration, Typing, Bus, Presence, CircuitPresence, Clock, Availability, Votes,
                // Registered with the app's realtime services; a host without them falls back to the database.
                Services.GetService<DeliveredSequences>()),
            InvokeAsync,
            OnSessionChanged,
            DispatchExceptionAsync);
        _dialogs = new ThreadDialogs(Dialogs, Snackbar, CommentModeration, ThreadModeration, Bus);
        _handlers = new CommentHandlers
        {
            OnAction = EventCallback.Factory.Create<CommentAction>(this, OnCommentActionAsync),
            OnPosted = EventCallback.Factory.Create<PostedComment>(this, OnPosted),
            OnSaved = EventCallback.Factory.Create<CommentView>(this, CloseEditors),
            OnCancel = EventCallback.Factory.Create(this, OnEditorClosedAsync),
            OnTyping = EventCallback.Factory.Create(this, OnTyping),
            PermalinkOf = PermalinkOf,
        };
    }

    protected override async Task OnParametersSetAsync()
    {
        var sortAsked = SortOf(SortInAddress);
        if (IsLoaded)
        {
            // Another view of the same thread (a permalink, the whole thread, another order): the live copy stays.
            if (CommentId is { } focusId)
            {
                await ShowWholeSubtreeAsync(focusId);
            }
            else if (sortAsked is { } sort && sort != _sort)
            {
                await ShowSortAsync(sort);
            }

            _arrivalPending = true;
            return;
        }

        if (AuthenticationState is not null)
        {
            var user = (await AuthenticationState).User;
            var userId = ForumActor.IdOf(user);
            _displayName = userId is null ? null : ForumClaims.DisplayNameOf(user);
            _suspension = await MemberModeration.GetOwnSuspensionAsync(user);
            var canWrite = userId is not null && _suspension is null;
            _session.SignIn(user, new ThreadViewer(userId, user.IsInRole(ForumRoles.Moderator) || user.IsInRole(ForumRoles.Admin), canWrite));
        }

        var id = Id;
        // The reader's remembered order is asked for once the page is up (ArriveAsync): waiting for the browser
        // here would keep the placeholder on screen for a round trip on every visit.
        _sort = sortAsked ?? CommentSorts.Default;

        // A thread page reads a screen of conversations at a time; a single conversation's view reads it whole.
        LiveThread? live;
        if (CommentId is null)
        {
            var screen = await Threads.GetConversationsAsync(id, _sort);
            live = screen is null ? null : new LiveThread(screen, _sort);
            _pinnedAsRead = screen?.Pinned;
        }
        else
        {
            var thread = await Threads.GetAsync(id, CommentPage.Everything);
            live = thread is null ? null : new LiveThread(thread, CommentSort.Oldest);
        }

        if (id != Id)
        {
            // The reader moved on to another thread while this one loaded.
            return;
        }

        _loadedId = id;
        _collapsed.Clear();
        _remembered = default;
        CloseEditors();
        _composerOffered = live is { Locked: false };

        // In-app navigation to another thread: a live session follows that one instead.
        await _session.ShowAsync(live);
        _arrivalPending = true;

        if (live is null && HttpContext is { Response.HasStarted: false })
        {
            // Server rendering answers 404 with the app's not-found page. (Setting the status by hand left the
            // body empty: the component endpoint leaves a 404's body to the status code pages.)
            Navigation.NotFound();
        }

        if (ReplyTo is { } replyTo && Viewer.CanWrite && live is { Locked: false }
            && (live.Comments.Any(c => c.Id == replyTo) || await _session.RevealAsync(replyTo))
            && Live?.Comments.Any(c => c.Id == replyTo && !c.Deleted) == true)
        {
            OpenEditor(replyTo, edit: false);
        }
    }

    private string SignInToReplyUrl => $"/account/login?ReturnUrl={Uri.EscapeDataString($"{ThreadUrl}#comments-heading")}";

    private async Task ChangeSort(ChangeEventArgs change)
    {
        var sort = Enum.TryParse<CommentSort>(change.Value?.ToString(), out var chosen) ? chosen : CommentSorts.Default;
        await ShowSortAsync(sort);

        // The order lives in the address (a shared link keeps it) and is remembered for the next visit.
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("sort", AddressValueOf(sort)), replace: true);
        if (_module is not null)
        {
            await _module.InvokeVoidAsync("rememberSort", AddressValueOf(sort));
        }
    }

    private async Task ShowSortAsync(CommentSort sort)
    {
        _sort = sort;
        CloseEditors();
        await _session.ChangeSortAsync(_sort);
    }

    /// <summary>A permalink shows the comment with every reply under it, whatever the thread view had read of them.</summary>
    private async Task ShowWholeSubtreeAsync(long commentId)
    {
        if (Live is { ByConversation: true } live && await _session.RevealAsync(commentId) && !live.WholeSubtrees.Contains(commentId))
        {
            await _session.LoadRepliesAsync(commentId);
        }
    }

    private void ShowNewComments()
    {
        var held = Live?.Held.Select(c => c.Id).ToList() ?? [];
        _session.ShowHeld();

        // In display order, so the first one brought into sight is the first one on the page.
        _revealAfterRender = Live is { } live ? held.OrderBy(live.IndexOf).ToList() : held;
    }

    private async Task LoadRepliesAsync(long parentId) => await _session.LoadRepliesAsync(parentId);

    // The session asks the typing service, which applies the same guard as posting.
    private Task OnTyping() => _displayName is null ? Task.CompletedTask : _session.MarkReplyingAsync();

    private async Task OnPosted(PostedComment posted)
    {
        _session.ShowOwn(posted.Comment);
        CloseEditors();

        // Wherever the order put it (the end of a long thread, the top), the reader sees what they wrote.
        _revealAfterRender = [posted.Comment.Id];
        await _session.StopReplyingAsync();
    }

    private async Task OnEditorClosedAsync()
    {
        CloseEditors();
        await _session.StopReplyingAsync();
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
            case CommentActionKind.Upvote or CommentActionKind.Downvote:
                if (await _session.VoteAsync(comment, action.Kind == CommentActionKind.Upvote ? 1 : -1) is { } refused)
                {
                    Snackbar.Add($"Your vote was not counted. {refused}", Severity.Error);
                }

                break;
            default:
                await _dialogs.OpenAsync(_session.User, action);
                break;
        }
    }

    private static string ReplyingText(IReadOnlyList<string> names) => names.Count switch
    {
        1 => $"{names[0]} is replying…",
        2 => $"{names[0]} and {names[1]} are replying…",
        _ => $"{names[0]} and {names.Count - 1} others are replying…",
    };

    private static string LoadMoreText(LiveThread live) => live.ByConversation && live.ConversationsRemaining > 0
        ? $"Show {Math.Min(ConversationScreen.Size, live.ConversationsRemaining)} more of {Quantity.Of(live.ConversationsRemaining, "conversation")}"
        : "Load more comments";

    // Comments in views carry no format; reading either as markdown leaves the words, which is all a line needs.
    private static string Excerpt(string? body) =>
        body is null ? "" : PlainText.Cut(PlainText.Of(body, BodyFormat.Markdown), 120);

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("dispose");
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the browser's page with it.
            }
        }
    }
}
