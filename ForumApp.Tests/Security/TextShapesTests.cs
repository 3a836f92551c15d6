using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using ForumApp.Tests.Moderation;

namespace ForumApp.Tests.Security;

/// <summary>
/// Awkward but harmless text in every place a member names or writes something: each is either refused
/// with words saying why and nothing stored, or stored and shown as written, never a server error or a
/// page that no longer renders.
/// </summary>
public sealed class TextShapesTests(StoredXssForum forum) : IClassFixture<StoredXssForum>
{
    private static readonly Dictionary<string, string> Shapes = new()
    {
        ["ten-thousand-char word"] = new string('w', 10_000),
        ["nine-thousand-char word"] = new string('w', 9_000),
        ["right-to-left override"] = "file\u202Egnp.exe and \u202Bembedded\u202C text",
        ["right-to-left scripts"] = "שלום עולם مرحبا بالعالم mixed with left-to-right",
        ["combining marks"] = "Z\u0337\u0322\u0349a\u0338l\u0337g\u0336o\u0334 and e" + string.Concat(Enumerable.Repeat("\u0301", 300)),
        ["emoji sequences"] = "family \U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 flag \U0001F3F3\uFE0F\u200D\U0001F308 skin \U0001F44D\U0001F3FD",
        ["zero-width inside words"] = "in\u200Bvis\u200Cible\u200D joins\u2060 and \uFEFFBOM",
        ["control characters"] = "bell\u0007 escape\u001B[31m backspace\u0008 tab\tend",
        ["NUL"] = "before\0after",
        ["lone surrogate-free astral text"] = "\U0001D54F\U0001D560\U0001D567 \U00020000\U0002A6D6",
    };

    public static TheoryData<string> ShapeNames => new(Shapes.Keys);

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public async Task ACommentIsRefusedInWordsOrShownAsStored(string shape)
    {
        var threadId = (await forum.StartThreadAsync($"Shapes: {shape}", "Comments in awkward shapes.")).GetProperty("id").GetInt64();

        var response = await forum.SendAsync(HttpMethod.Post, $"/api/threads/{threadId}/comments", forum.Author, new { parentId = (long?)null, body = Shapes[shape] });

        var page = await forum.GetPageAsync($"/t/{threadId}");
        if (IsRefused(response, shape))
        {
            Assert.Empty(page.QuerySelectorAll("article.comment"));
            return;
        }

        var stored = response.Json.GetProperty("body").GetString()!;
        var card = page.QuerySelector($"article#c{response.Json.GetProperty("id").GetInt64()}");
        Assert.NotNull(card);
        Assert.Contains(Words(stored), Words(card.QuerySelector(".comment-text")!.TextContent));
        ExecutableContent.AssertNone(card, $"The comment shaped '{shape}'");
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public async Task AThreadTitleIsRefusedInWordsOrShownAsStored(string shape)
    {
        var response = await forum.SendAsync(HttpMethod.Post, "/api/threads", forum.Author, new { title = Shapes[shape], body = $"Article for {shape}." });
        if (IsRefused(response, shape))
        {
            var home = await forum.GetPageAsync("/");
            Assert.DoesNotContain($"Article for {shape}.", home.Body!.TextContent, StringComparison.Ordinal);
            return;
        }

        var stored = response.Json.GetProperty("title").GetString()!;
        var page = await forum.GetPageAsync($"/t/{response.Json.GetProperty("id").GetInt64()}");
        Assert.Equal(Words(stored), Words(page.QuerySelector("h1.thread-title")!.TextContent));
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public async Task ADisplayNameIsRefusedInWordsOrShownAsStored(string shape)
    {
        var email = $"shape.{Guid.NewGuid():N}@example.test";
        var response = await forum.SendAsync(HttpMethod.Post, "/api/auth/register", null, new { displayName = Shapes[shape], email, password = StoredXssForum.Password });
        if (IsRefused(response, shape))
        {
            var login = await forum.SendAsync(HttpMethod.Post, "/api/auth/login", null, new { email, password = StoredXssForum.Password });
            Assert.Equal(HttpStatusCode.Unauthorized, login.Status);
            return;
        }

        var member = await forum.LogInAsync(response.Json.GetProperty("id").GetInt64(), response.Json.GetProperty("displayName").GetString()!, email);
        var threadId = (await forum.StartThreadAsync($"Names: {shape}", "A comment by an awkwardly named member.")).GetProperty("id").GetInt64();
        var commentId = (await forum.CommentAsync(threadId, "Hello.", member)).GetProperty("id").GetInt64();

        var page = await forum.GetPageAsync($"/t/{threadId}");
        Assert.Equal(Words(member.DisplayName), Words(page.QuerySelector($"article#c{commentId} .author")!.TextContent));
    }

    /// <summary>A refusal must be a 400 naming what is wrong; anything else must be a success.</summary>
    private static bool IsRefused(ApiResponse response, string shape)
    {
        if (response.Status == HttpStatusCode.BadRequest)
        {
            Assert.True(response.Json.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object,
                $"'{shape}' was refused without field errors: {response.Text}");
            var messages = errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString()).ToList();
            Assert.NotEmpty(messages);
            Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
            return true;
        }

        Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.Created, $"'{shape}' answered {(int)response.Status}: {response.Text}");
        return false;
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
