using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Accounts;
using ForumApp.Features.Comments;
using ForumApp.Realtime;
using ForumApp.Features.Formatting;
using ForumApp.Features.Profiles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace ForumApp.Components.Threads;

/// <summary>
/// Writes a reply, a top-level comment or an edit. Whatever goes wrong, the text stays in the editor and
/// in the browser's draft store; a retried post carries the same client request id, so it never doubles.
/// </summary>
public sealed partial class ReplyEditor
{
    private static readonly TimeSpan TypingSignalEvery = TimeSpan.FromSeconds(2);

    // The browser asks after a 150 ms pause in typing; a page that asks faster is answered with nothing.
    private static readonly TimeSpan MentionLookupEvery = TimeSpan.FromMilliseconds(100);

    private readonly string _errorId = $"editor-error-{Guid.NewGuid():N}";
    private readonly string _mentionListId = $"mentions-{Guid.NewGuid():N}";
    private ElementReference _root;
    private ElementReference _textarea;
    private IJSObjectReference? _drafts;
    private DotNetObjectReference<ReplyEditor>? _self;
    private bool _disposed;

    // Rendered once and never changed: the text being written lives in the browser (see ReplyEditor.razor.js).
    private string _initialText = "";
    private string _previewText = "";
    private string _requestId = NewRequestId();
    private string _previewHtml = "";
    private bool _preview;
    private bool _busy;
    private string? _error;
    private bool _needsSignIn;
    private DateTime _lastTypingSignal = DateTime.MinValue;
    private DateTime _lastMentionLookup = DateTime.MinValue;
    private IDisposable? _availabilitySubscription;
    private bool _databaseAvailable = true;
    private long? _accountId;

    [Inject] private CommentService Comments { get; set; } = default!;
    [Inject] private MarkdownRenderer Markdown { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private DatabaseAvailability Availability { get; set; } = default!;
    [Inject] private MentionSuggestions Mentions { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Parameter, EditorRequired] public long ThreadId { get; set; }

    /// <summary>The comment being answered; null for a top-level comment.</summary>
    [Parameter] public long? ParentId { get; set; }

    /// <summary>When set, the editor edits this comment instead of writing a new one.</summary>
    [Parameter] public CommentView? Editing { get; set; }

    [Parameter] public bool Compact { get; set; }

    /// <summary>The thread is locked: the text stays (read-only, its draft kept) and cannot be sent.</summary>
    [Parameter] public bool Locked { get; set; }

    [Parameter] public bool AutoFocus { get; set; }
    [Parameter] public EventCallback<PostedComment> OnPosted { get; set; }
    [Parameter] public EventCallback<CommentView> OnSaved { get; set; }
    [Parameter] public EventCallback OnCancel { get; set; }

    /// <summary>Raised at most every few seconds while the member types (for "X is replying…").</summary>
    [Parameter] public EventCallback OnTyping { get; set; }

    // Drafts are per account: after one member signs out and another signs in on the same browser, the
    // second must never be offered the first one's words. Anonymous text has its own key, adopted on sign-in.
    private string DraftKey => $"{AccountKey(_accountId)}:{DraftPlace}";

    private string AnonymousDraftKey => $"{AccountKey(null)}:{DraftPlace}";

    private string DraftPlace => Editing is { } editing ? $"edit:{editing.Id}" : $"{ThreadId}:{ParentId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "top"}";

    private int Length => TextRules.CountScalars(_initialText.Trim());

    private string Placeholder => Editing is not null ? "Edit your comment" : ParentId is null ? "Join the conversation" : "Write a reply";

    private string SubmitText => Editing is not null ? "Save" : ParentId is null ? "Post comment" : "Reply";

    private string SignInUrl => $"/account/login?ReturnUrl={Uri.EscapeDataString(Navigation.ToBaseRelativePath(Navigation.Uri) is var path ? "/" + path : "/")}";

    protected override void OnInitialized()
    {
        // Only the button waits for the database: the text area stays open, so the draft can grow meanwhile.
        _databaseAvailable = Availability.IsAvailable;
        _availabilitySubscription = Availability.Subscribe(available => InvokeAsync(() =>
        {
            _databaseAvailable = available;
            StateHasChanged();
        }));

        if (Editing is { Body: { } body })
        {
            _initialText = body;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive)
        {
            return;
        }

        _accountId = AuthenticationState is null ? null : ForumActor.IdOf((await AuthenticationState).User);
        var drafts = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Threads/ReplyEditor.razor.js");
        if (_disposed)
        {
            await drafts.DisposeAsync();
            return;
        }

        _drafts = drafts;
        try
        {
            var draft = await drafts.InvokeAsync<Draft?>("load", DraftKey, _accountId is null ? null : AnonymousDraftKey);
            if (draft is { Text.Length: > 0 } && (Editing is null || draft.Text != Editing.Body))
            {
                await drafts.InvokeVoidAsync("setText", _textarea, draft.Text);
                _requestId = string.IsNullOrEmpty(draft.RequestId) ? _requestId : draft.RequestId;
            }

            _self = DotNetObjectReference.Create(this);
            await drafts.InvokeVoidAsync("init", _root, _textarea, _self, TextRules.MaxCommentLength, _accountId is not null);
            await drafts.InvokeVoidAsync("attach", _textarea, DraftKey, _requestId);
            if (AutoFocus)
            {
                await drafts.InvokeVoidAsync("focus", _textarea);
            }
        }
        catch (ObjectDisposedException) when (_disposed)
        {
            // Closed while it was being set up (its conversation folded, a cancel): nothing is left to set up.
            _self?.Dispose();
        }
    }

    /// <summary>The browser says the member is typing (at most every 2 s; no text comes with it).</summary>
    [JSInvokable]
    public async Task OnBrowserTyping()
    {
        // The browser already paces it; this guards the server against a page that does not.
        var now = Clock.GetUtcNow().UtcDateTime;
        if (OnTyping.HasDelegate && now - _lastTypingSignal >= TypingSignalEvery)
        {
            _lastTypingSignal = now;
            await InvokeAsync(() => OnTyping.InvokeAsync());
        }
    }

    /// <summary>
    /// Names for the "@" list, asked by the browser after a pause in typing. Over the circuit the editor already
    /// holds, so a member's lookups need no HTTP request or token; only signed-in members get a list.
    /// </summary>
    [JSInvokable]
    public async Task<MentionOption[]> SuggestMentions(string prefix)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        if (_accountId is null || now - _lastMentionLookup < MentionLookupEvery)
        {
            return [];
        }

        _lastMentionLookup = now;
        var found = await Mentions.SuggestAsync(prefix, ThreadId, _accountId);
        return found.Value is { } names ? [.. names.Select(n => new MentionOption(n.DisplayName, n.Mention))] : [];
    }

    // Null once the editor is closed: a send that was on its way when the page closed the editor (a posted reply
    // closes it) must not call into the module the editor gave back.
    private IJSObjectReference? Drafts => _disposed ? null : _drafts;

    private async Task<string> ReadTextAsync() =>
        Drafts is { } drafts ? await drafts.InvokeAsync<string?>("getText", _textarea) ?? "" : _initialText;

    private async Task ShowPreview()
    {
        _previewText = await ReadTextAsync();
        _previewHtml = Markdown.ToHtml(_previewText);
        _preview = true;
    }

    private async Task SubmitAsync()
    {
        if (_busy)
        {
            // The first send is still on its way; it releases the button when it is answered.
            return;
        }

        if (!_databaseAvailable || Locked)
        {
            await ReleaseSendButtonAsync();
            return;
        }

        _busy = true;
        _error = null;
        _needsSignIn = false;
        try
        {
            var text = await ReadTextAsync();
            var user = AuthenticationState is null ? null : (await AuthenticationState).User;
            ForumError? error;
            if (Editing is { } editing)
            {
                var saved = await Comments.EditAsync(user, ThreadId, editing.Id, text);
                error = saved.Error;
                if (saved.Value is { } comment)
                {
                    await ForgetDraftAsync();
                    await OnSaved.InvokeAsync(comment);
                }
            }
            else
            {
                var posted = await Comments.PostAsync(user, ThreadId, ParentId, text, _requestId);
                error = posted.Error;
                if (posted.Value is { } comment)
                {
                    await ForgetDraftAsync();
                    _preview = false;
                    _requestId = NewRequestId();
                    if (Drafts is { } drafts)
                    {
                        await drafts.InvokeVoidAsync("clearSent", _textarea, text);
                        await drafts.InvokeVoidAsync("attach", _textarea, DraftKey, _requestId);
                    }

                    await OnPosted.InvokeAsync(comment);
                }
            }

            if (error is not null)
            {
                _error = error.Message;
                _needsSignIn = error.Kind == ForumErrorKind.Unauthenticated;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not JSDisconnectedException)
        {
            // The database or the network failed: nothing was stored (the write is one transaction),
            // and the text and its request id are kept, so trying again cannot post twice.
            Availability.ReportFailure(exception);
            _error = DatabaseAvailability.IsUnavailableError(exception)
                ? ForumError.DatabaseUnavailable().Message + " Your text is kept here."
                : "Your comment could not be sent just now. Your text is kept here; try again in a moment.";
        }
        finally
        {
            _busy = false;
            await ReleaseSendButtonAsync();
        }
    }

    private async Task ReleaseSendButtonAsync()
    {
        if (Drafts is not { } drafts)
        {
            return;
        }

        try
        {
            await drafts.InvokeVoidAsync("ready", _root);
        }
        catch (JSDisconnectedException)
        {
            // The page is gone; so is its button.
        }
    }

    private async Task CancelAsync() => await OnCancel.InvokeAsync();

    private async Task ForgetDraftAsync()
    {
        if (Drafts is { } drafts)
        {
            try
            {
                await drafts.InvokeVoidAsync("clear", DraftKey);
            }
            catch (JSDisconnectedException)
            {
                // The post succeeded; a stale draft is only a convenience lost.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _availabilitySubscription?.Dispose();
        _self?.Dispose();
        if (_drafts is not null)
        {
            try
            {
                await _drafts.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }

    /// <summary>The account part of a draft's key; the script removes other accounts' drafts by it.</summary>
    public static string AccountKey(long? accountId) =>
        accountId is { } id ? $"u{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "anon";

    private static string NewRequestId() => Guid.NewGuid().ToString("N");

    private sealed record Draft(string Text, string? RequestId);

    /// <summary>A name in the "@" list, and what goes into the text so that it links (no spaces).</summary>
    public sealed record MentionOption(string DisplayName, string Mention);
}
