using ForumApp.Data;

namespace ForumApp.Features.Formatting;

/// <summary>Turns a stored body into the HTML pages show, according to its format.</summary>
public sealed class BodyRenderer(MarkdownRenderer markdown)
{
    /// <param name="mentions">Members the body may mention (name skeleton → display name); markdown only.</param>
    public string ToHtml(string body, BodyFormat format, IReadOnlyDictionary<string, string>? mentions = null) => format switch
    {
        BodyFormat.Markdown => markdown.ToHtml(body, mentions),
        BodyFormat.PlainText => PlainTextFormatter.ToHtml(body),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown body format."),
    };
}
