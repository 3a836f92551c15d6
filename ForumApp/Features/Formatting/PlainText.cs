using System.Text.RegularExpressions;
using ForumApp.Data;
using Markdig;

namespace ForumApp.Features.Formatting;

/// <summary>
/// A body as words only, for excerpts (search results, notifications, a permalink's ancestors): markdown
/// stripped the way the forum renders it, so raw HTML reads as the text it shows, and whitespace folded.
/// </summary>
public static partial class PlainText
{
    // As MarkdownRenderer reads markdown: raw HTML is text, so "<b>" reads as "<b>" here too.
    private static readonly MarkdownPipeline Pipeline = MarkdownPipelines.Base().Build();

    public static string Of(string body, BodyFormat format)
    {
        var text = body;
        if (format == BodyFormat.Markdown)
        {
            try
            {
                text = Markdown.ToPlainText(body, Pipeline);
            }
            catch (ArgumentException)
            {
                // A body Markdig cannot walk still has words to show.
            }
        }

        return Whitespace().Replace(text, " ").Trim();
    }

    /// <summary>At most <paramref name="length"/> characters, cut at a word when one ends in the second half, with "…".</summary>
    public static string Cut(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', length - 1);
        return string.Concat(text.AsSpan(0, cut > length / 2 ? cut : length - 1).TrimEnd(), "…");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
