using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>Reads API responses as raw JSON, so tests see the exact names and values clients see.</summary>
public static partial class ApiJson
{
    public static readonly string[] ThreadSummaryFields =
        ["id", "title", "slug", "author", "commentCount", "createdAt", "lastActivityAt", "locked", "pinned", "unreadCount"];

    public static readonly string[] ThreadDetailFields =
        ["id", "title", "slug", "body", "bodyHtml", "author", "createdAt", "locked", "lastSeq", "comments", "nextCursor"];

    public static readonly string[] CommentFields =
        ["id", "threadId", "parentId", "depth", "author", "authorId", "body", "bodyHtml", "createdAt",
         "editedAt", "deleted", "deletedBy", "reason", "replyCount", "score", "myVote"];

    public static readonly string[] ThreadEventFields = ["threadId", "seq", "kind", "at", "comment"];

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url} answered {(int)response.StatusCode}, expected {(int)expected}:\n{text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the status and returns the JSON body (or an empty object for an empty body).</summary>
    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}:\n{text}");
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return document.RootElement.Clone();
    }

    /// <summary>Every listed key is present, whatever its value (null included).</summary>
    public static void AssertHasFields(JsonElement element, IEnumerable<string> fields, string what)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        var missing = fields.Where(field => !element.TryGetProperty(field, out _)).ToList();
        Assert.True(missing.Count == 0, $"{what} lacks {string.Join(", ", missing)}: {element.GetRawText()}");
    }

    public static void AssertNull(JsonElement element, string field) =>
        Assert.True(
            element.GetProperty(field).ValueKind == JsonValueKind.Null,
            $"'{field}' should be null: {element.GetRawText()}");

    /// <summary>An ISO-8601 UTC time ending in Z; returns it as a UTC DateTime.</summary>
    public static DateTime GetUtc(JsonElement element, string field)
    {
        var property = element.GetProperty(field);
        Assert.Equal(JsonValueKind.String, property.ValueKind);
        var text = property.GetString()!;
        Assert.Matches(IsoUtcPattern(), text);
        return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    public static long? GetNullableInt64(JsonElement element, string field)
    {
        var property = element.GetProperty(field);
        return property.ValueKind == JsonValueKind.Null ? null : property.GetInt64();
    }

    /// <summary>
    /// The contract's display order, computed independently of the app: depth-first, parents before
    /// replies, siblings by createdAt then id.
    /// </summary>
    public static List<JsonElement> InDisplayOrder(IEnumerable<JsonElement> comments)
    {
        var children = comments
            .GroupBy(c => GetNullableInt64(c, "parentId") ?? 0)
            .ToDictionary(
                g => g.Key,
                g => g.OrderBy(c => GetUtc(c, "createdAt")).ThenBy(c => c.GetProperty("id").GetInt64()).ToList());

        var ordered = new List<JsonElement>();
        void Visit(long parentId)
        {
            foreach (var comment in children.GetValueOrDefault(parentId) ?? [])
            {
                ordered.Add(comment);
                Visit(comment.GetProperty("id").GetInt64());
            }
        }

        Visit(0);
        return ordered;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$")]
    private static partial Regex IsoUtcPattern();
}
