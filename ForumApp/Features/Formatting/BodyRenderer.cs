using ForumApp.Data;

namespace ForumApp.Features.Formatting;

/// <summary>Turns a stored body into the HTML pages show, according to its format.</summary>
public sealed class BodyRenderer(MarkdownRenderer markdown)
{
    public string ToHtml(string body, BodyFormat format) => format switch
    {
        BodyFormat.Markdown => markdown.ToHtml(body),
        BodyFormat.PlainText => PlainTextFormatter.ToHtml(body),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown body format."),
    };
}
