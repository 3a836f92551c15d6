using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Accounts;
using ForumApp.Features.Formatting;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace ForumApp.Components.Pages;

/// <summary>
/// Starts a thread. The service decides (the same rules and words as <c>POST /api/threads</c>); the page keeps
/// the title and text as a draft in the browser, so a refusal, a failure or a reload never loses them.
/// </summary>
public sealed partial class NewThreadPage
{
    private ElementReference _root;
    private ElementReference _title;
    private ElementReference _body;
    private IJSObjectReference? _module;
    private bool? _signedIn;
    private long? _accountId;
    private OwnSuspension? _suspension;
    private bool _busy;
    private bool _preview;
    private string _previewHtml = "";
    private string? _titleError;
    private string? _bodyError;
    private string? _error;

    [Inject] private ThreadService Threads { get; set; } = default!;
    [Inject] private MemberModerationService MemberModeration { get; set; } = default!;
    [Inject] private BodyRenderer Renderer { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private const string SignInUrl = "/account/login?ReturnUrl=%2Fthreads%2Fnew";

    // Under the reply editor's prefix and per account: signing out clears it, another member never sees it.
    private string DraftKey => $"forumapp:draft:{DraftAccount}:new-thread";

    private string DraftAccount => Components.Threads.ReplyEditor.AccountKey(_accountId);

    protected override async Task OnInitializedAsync()
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        _accountId = ForumActor.IdOf(user);
        _signedIn = _accountId is not null;
        _suspension = _accountId is null ? null : await MemberModeration.GetOwnSuspensionAsync(user);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!RendererInfo.IsInteractive || _module is not null || _signedIn is not true || _suspension is not null)
        {
            return;
        }

        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/NewThreadPage.razor.js");
        await _module.InvokeVoidAsync("attach", _root, _title, _body, DraftKey);
    }

    private async Task<(string Title, string Body)> ReadAsync()
    {
        if (_module is null)
        {
            return ("", "");
        }

        var fields = await _module.InvokeAsync<string[]>("read", _title, _body);
        return (fields.ElementAtOrDefault(0) ?? "", fields.ElementAtOrDefault(1) ?? "");
    }

    private async Task ShowPreviewAsync()
    {
        var (_, body) = await ReadAsync();
        _previewHtml = string.IsNullOrWhiteSpace(body) ? "" : Renderer.ToHtml(body, BodyFormat.Markdown);
        _preview = true;
    }

    private async Task SubmitAsync()
    {
        if (_busy || _module is null)
        {
            return;
        }

        _busy = true;
        _titleError = _bodyError = _error = null;
        try
        {
            var (title, body) = await ReadAsync();
            var user = AuthenticationState is null ? null : (await AuthenticationState).User;
            var created = await Threads.CreateAsync(user, title, body);
            if (created.Value is { } thread)
            {
                await _module.InvokeVoidAsync("clear", DraftKey);
                Navigation.NavigateTo(thread.Url);
                return;
            }

            Show(created.Error!);
        }
        catch (Exception exception) when (DatabaseAvailability.IsUnavailableError(exception))
        {
            _error = ForumError.DatabaseUnavailable().Message + " Your title and text are kept here.";
        }
        finally
        {
            _busy = false;
            await _module.InvokeVoidAsync("ready", _root);
        }
    }

    private void Show(ForumError error)
    {
        switch (error.Field)
        {
            case "title":
                _titleError = error.Message;
                break;
            case "body":
                _bodyError = error.Message;
                _preview = false;
                break;
            default:
                _error = error.Message;
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }
}
