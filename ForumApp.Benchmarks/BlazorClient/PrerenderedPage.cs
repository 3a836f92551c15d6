using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ForumApp.Benchmarks.BlazorClient;

/// <summary>
/// What blazor.web.js reads from a prerendered page before it starts a circuit: the interactive server
/// component markers (<c>&lt;!--Blazor:{"type":"server",...}--&gt;</c>, in document order), the persisted
/// component state comment, and the title (the page's title interop call is answered with it).
/// </summary>
internal sealed partial class PrerenderedPage
{
    private PrerenderedPage(IReadOnlyList<JsonObject> markers, string applicationState, string? title)
    {
        Markers = markers;
        ApplicationState = applicationState;
        Title = title;
    }

    public IReadOnlyList<JsonObject> Markers { get; }

    /// <summary>The Base64 of <c>&lt;!--Blazor-Server-Component-State:...--&gt;</c>, or empty as the browser sends it when absent.</summary>
    public string ApplicationState { get; }

    public string? Title { get; }

    public static PrerenderedPage Parse(string html)
    {
        var markers = new List<JsonObject>();
        foreach (Match match in MarkerComment().Matches(html))
        {
            // End markers carry only a prerenderId; the server components are the ones typed "server".
            if (JsonNode.Parse(match.Groups["json"].Value) is JsonObject marker && (string?)marker["type"] == "server")
            {
                markers.Add(marker);
            }
        }

        var state = StateComment().Match(html);
        var title = TitleElement().Match(html);
        return new PrerenderedPage(
            markers,
            state.Success ? state.Groups["state"].Value : "",
            title.Success ? WebUtility.HtmlDecode(title.Groups["title"].Value) : null);
    }

    /// <summary>
    /// The first UpdateRootComponents batch as WebRootComponentManager sends it: one "add" per marker, with
    /// ssrComponentId counting from 1 and the marker as discovered (its uniqueId counting from 0).
    /// </summary>
    public string AddOperationsJson()
    {
        var operations = new JsonArray();
        for (var i = 0; i < Markers.Count; i++)
        {
            var marker = (JsonObject)Markers[i].DeepClone();
            marker["uniqueId"] = i;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker });
        }

        return new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString();
    }

    [GeneratedRegex(@"<!--\s*Blazor:(?<json>\{.*?\})\s*-->", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerComment();

    [GeneratedRegex(@"<!--\s*Blazor-Server-Component-State:(?<state>[a-zA-Z0-9+/=]+)\s*-->", RegexOptions.CultureInvariant)]
    private static partial Regex StateComment();

    [GeneratedRegex(@"<title[^>]*>(?<title>[^<]*)</title>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TitleElement();
}
