using System.Collections.Concurrent;
using System.Text.Json;

namespace ForumApp.Benchmarks.BlazorClient;

/// <summary>
/// What the headless client answers when the server calls JavaScript (JS.BeginInvokeJS). There is no page,
/// so every call succeeds with a plausible value: the result type decides first (a void call gets null, a
/// call for an object reference gets a fresh <c>{"__jsObjectId":n}</c>), then the identifier (the few the app,
/// Blazor and MudBlazor use whose caller reads the value), else null, which .NET reads as default.
/// Every identifier seen is counted, so a run can show what the page asked for.
/// </summary>
public sealed class JsInteropAnswers
{
    /// <summary>JSCallResultType: Default, JSObjectReference, JSStreamReference, JSVoidResult.</summary>
    public const int ResultObjectReference = 1;
    public const int ResultVoid = 3;

    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        // Blazor: the renderer's interop attaches (void); navigation and title helpers.
        ["Blazor._internal.attachWebRendererInterop"] = "null",
        ["Blazor._internal.navigationManager.enableNavigationInterception"] = "null",
        ["Blazor._internal.navigationManager.setHasLocationChangingListeners"] = "null",
        ["Blazor._internal.navigationManager.scrollToElement"] = "false",
        ["Blazor._internal.domWrapper.focus"] = "null",
        ["Blazor._internal.domWrapper.focusBySelector"] = "null",
        // The app's reply editor keeps drafts in the browser: there is no saved draft.
        ["load"] = "null",
        // MudBlazor: sizes and positions of a page nobody looks at, no dark-mode preference, no key or scroll state.
        ["mudElementRef.getBoundingClientRect"] = """{"left":0,"top":0,"width":0,"height":0,"x":0,"y":0,"right":0,"bottom":0,"scrollY":0,"scrollX":0,"windowHeight":900,"windowWidth":1280}""",
        ["mudElementRef.getClientRectsFromElement"] = "[]",
        ["mudElementRef.getClientRectsFromFirstChild"] = "[]",
        ["mudElementRef.getBoundingClientRectFromFirstChild"] = """{"left":0,"top":0,"width":0,"height":0}""",
        ["mudResizeListener.matchMedia"] = "false",
        ["mudResizeListenerFactory.listenForResize"] = "null",
        ["mudResizeObserver.connect"] = "[]",
        ["mudWindow.getBrowserWindowSize"] = """{"height":900,"width":1280}""",
        ["mudGetBrowserWindowSize"] = """{"height":900,"width":1280}""",
        ["darkModeChange"] = "false",
        ["mudThemeProvider.getSystemDarkMode"] = "false",
        ["mudPopover.initialize"] = "null",
        ["mudPopover.connect"] = "null",
        ["mudKeyInterceptor.connect"] = "null",
        ["mudScrollManager.getScrollPosition"] = "0",
        ["mudGetScrollPosition"] = "0",
    };

    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private long _nextObjectId;

    /// <summary>How often each identifier was called, over every circuit of the run.</summary>
    public IReadOnlyDictionary<string, int> Seen => _seen;

    /// <summary>The JSON of the result for this call (the value only; the caller wraps it as [handle, true, value]).</summary>
    public string Answer(string identifier, int resultType, string? title)
    {
        _seen.AddOrUpdate(identifier, 1, (_, n) => n + 1);
        if (resultType == ResultVoid)
        {
            return "null";
        }

        if (resultType == ResultObjectReference)
        {
            // JS keeps the object; .NET only holds its id, and later calls name it as their target.
            return $"{{\"__jsObjectId\":{Interlocked.Increment(ref _nextObjectId)}}}";
        }

        if (identifier == "Blazor._internal.PageTitle.getAndRemoveExistingTitle")
        {
            return title is null ? "null" : JsonSerializer.Serialize(title);
        }

        return Known.TryGetValue(identifier, out var known) ? known : "null";
    }
}
