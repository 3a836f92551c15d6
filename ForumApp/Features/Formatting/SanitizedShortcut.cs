using System.Text;

namespace ForumApp.Features.Formatting;

/// <summary>
/// Most comments are prose: paragraphs, emphasis, inline code, a list. Markdig's HTML for them holds only
/// attribute-less tags the sanitizer keeps and nothing it would rewrite, so parsing it into a DOM (AngleSharp, the
/// largest CPU cost of posting) only to write it out again buys nothing. For such HTML this writes what the
/// sanitizer would have written; anything else (a link, an attribute, an entity other than the four Markdig
/// writes, a no-break space) returns null and goes through the sanitizer.
/// </summary>
internal static class SanitizedShortcut
{
    // Tags Markdig writes without attributes that the sanitizer keeps as they are (void tags are written "<br>").
    private static readonly HashSet<string> PlainTags = new(StringComparer.Ordinal)
    {
        "p", "strong", "em", "del", "ins", "sub", "sup", "mark", "code", "pre", "blockquote", "ul", "ol", "li",
        "h1", "h2", "h3", "h4", "h5", "h6",
    };

    public static string? TryWrite(string html)
    {
        var output = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            switch (c)
            {
                case '<':
                    var end = html.IndexOf('>', i + 1);
                    if (end < 0 || !TryTag(html.AsSpan(i + 1, end - i - 1), output))
                    {
                        return null;
                    }

                    i = end + 1;
                    break;
                case '&':
                    if (Follows(html, i, "&quot;"))
                    {
                        // The sanitizer writes text with only &, < and > escaped.
                        output.Append('"');
                        i += "&quot;".Length;
                    }
                    else if (Follows(html, i, "&amp;") || Follows(html, i, "&lt;") || Follows(html, i, "&gt;"))
                    {
                        var entityEnd = html.IndexOf(';', i);
                        output.Append(html, i, entityEnd - i + 1);
                        i = entityEnd + 1;
                    }
                    else
                    {
                        return null;
                    }

                    break;
                case '>' or '\u00A0' or '\r' or '\0':
                    return null;
                default:
                    output.Append(c);
                    i++;
                    break;
            }
        }

        return output.ToString();
    }

    private static bool TryTag(ReadOnlySpan<char> tag, StringBuilder output)
    {
        if (tag is "br /" or "hr /")
        {
            output.Append('<').Append(tag[..2]).Append('>');
            return true;
        }

        var name = tag.StartsWith("/") ? tag[1..] : tag;
        if (!PlainTags.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
        {
            return false;
        }

        output.Append('<').Append(tag).Append('>');
        return true;
    }

    private static bool Follows(string text, int at, string entity) =>
        text.AsSpan(at).StartsWith(entity, StringComparison.Ordinal);
}
