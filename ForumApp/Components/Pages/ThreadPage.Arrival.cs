using ForumApp.Features.Comments;
using ForumApp.Features.Threads;
using Microsoft.JSInterop;

namespace ForumApp.Components.Pages;

// Arriving and coming back: the address's fragment, a remembered sort, and what a history entry had loaded and
// where it was scrolled, read from ThreadPage.razor.js once the page is interactive and written back as it changes.
public sealed partial class ThreadPage
{
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Not only on the first render: with a database that answers asynchronously the first render is the
        // loading placeholder, and the page goes live once the thread is there.
        if (!RendererInfo.IsInteractive || Live is null)
        {
            return;
        }

        if (!_session.IsLive)
        {
            await _session.StartAsync();
        }

        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/ThreadPage.razor.js");
        if (_arrivalPending)
        {
            _arrivalPending = false;
            await ArriveAsync(await _module.InvokeAsync<Arrival?>("arrive"));
        }

        if (_scrollAfterRender is { } y)
        {
            _scrollAfterRender = null;
            await _module.InvokeVoidAsync("scrollToY", y);
        }

        if (_revealAfterRender is { } ids)
        {
            _revealAfterRender = null;
            await _module.InvokeAsync<bool>("reveal", ids);
        }

        await RememberLoadedAsync();
    }

    /// <summary>What the browser knows of this arrival: the fragment, and what this history entry had loaded and where.</summary>
    private sealed record Arrival(string? Hash, int Conversations, long[]? WholeSubtrees, double? ScrollY);

    private async Task ArriveAsync(Arrival? arrival)
    {
        if (arrival is null)
        {
            return;
        }

        if (CommentId is null && SortOf(SortInAddress) is null && await RememberedSortAsync() is { } remembered && remembered != _sort)
        {
            await ShowSortAsync(remembered);
            StateHasChanged();
        }

        if (arrival.ScrollY is { } y && CommentId is null)
        {
            // Back (or a reload) to an entry the reader scrolled in: the same comments loaded, the same place.
            await _session.RestoreAsync(arrival.Conversations, arrival.WholeSubtrees ?? []);
            _scrollAfterRender = y;
            StateHasChanged();
        }
        else if (CommentIdIn(arrival.Hash) is { } commentId && await _session.RevealAsync(commentId))
        {
            _revealAfterRender = [commentId];
            StateHasChanged();
        }
        else if (CommentId is { } focusId)
        {
            _revealAfterRender = [focusId];
            StateHasChanged();
        }
    }

    private async Task RememberLoadedAsync()
    {
        if (_module is null || CommentId is not null || Live is not { ByConversation: true } live)
        {
            return;
        }

        var loaded = (_session.LoadedConversations, live.WholeSubtrees.Count);
        if (loaded != _remembered)
        {
            _remembered = loaded;
            await _module.InvokeVoidAsync("rememberLoaded", loaded.LoadedConversations, live.WholeSubtrees.ToArray());
        }
    }

    private async Task<CommentSort?> RememberedSortAsync() =>
        _module is null ? null : SortOf(await _module.InvokeAsync<string?>("rememberedSort"));

    private static CommentSort? SortOf(string? value) => CommentSorts.Parse(value);

    private static string AddressValueOf(CommentSort sort) => CommentSorts.NameOf(sort);

    private static long? CommentIdIn(string? hash) =>
        hash is { Length: > 2 } && hash.StartsWith("#c", StringComparison.Ordinal)
        && long.TryParse(hash.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id : null;
}
