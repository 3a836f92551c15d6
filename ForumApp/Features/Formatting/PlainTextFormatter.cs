using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ForumApp.Features.Formatting;

/// <summary>
/// Renders user-written plain text as HTML. Everything is encoded first-hand here, so the result is
/// safe to emit as raw markup: the only tags produced are p, br and links to http(s) addresses.
/// </summary>
public static partial class PlainTextFormatter
{
    private const string LinkRel = "nofollow ugc noopener";

    // Sentence punctuation that commonly follows a URL in prose rather than belonging to it.
    private const string TrailingPunctuation = ".,;:!?)]'\"";

    public static string ToHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var html = new StringBuilder(normalized.Length + 32);

        foreach (var paragraph in ParagraphBreakPattern().Split(normalized))
        {
            var lines = paragraph.Split('\n').Select(line => line.TrimEnd()).ToList();
            var first = lines.FindIndex(line => line.Length > 0);
            if (first < 0)
            {
                continue;
            }

            var last = lines.FindLastIndex(line => line.Length > 0);

            html.Append("<p>");
            for (var index = first; index <= last; index++)
            {
                if (index > first)
                {
                    html.Append("<br>");
                }

                AppendLineWithLinks(html, lines[index]);
            }

            html.Append("</p>");
        }

        return html.ToString();
    }

    private static void AppendLineWithLinks(StringBuilder html, string line)
    {
        var position = 0;
        foreach (Match candidate in UrlPattern().Matches(line))
        {
            var url = TrimTrailingPunctuation(candidate.Value);
            if (!HasHost(url))
            {
                continue;
            }

            html.Append(WebUtility.HtmlEncode(line[position..candidate.Index]));

            var encodedUrl = WebUtility.HtmlEncode(url);
            html.Append("<a href=\"").Append(encodedUrl).Append("\" rel=\"").Append(LinkRel).Append("\">")
                .Append(encodedUrl).Append("</a>");

            position = candidate.Index + url.Length;
        }

        html.Append(WebUtility.HtmlEncode(line[position..]));
    }

    private static string TrimTrailingPunctuation(string url)
    {
        var end = url.Length;
        while (end > 0 && TrailingPunctuation.Contains(url[end - 1]))
        {
            var closing = url[end - 1];

            // A balanced bracket is part of the address, as in wiki links like /wiki/Foo_(bar).
            if (closing is ')' or ']')
            {
                var opening = closing == ')' ? '(' : '[';
                var span = url.AsSpan(0, end);
                if (span.Count(opening) >= span.Count(closing))
                {
                    break;
                }
            }

            end--;
        }

        return url[..end];
    }

    private static bool HasHost(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        return schemeEnd >= 0 && url.Length > schemeEnd + 3;
    }

    // One or more blank (or whitespace-only) lines separate paragraphs.
    [GeneratedRegex(@"\n(?:[ \t\u00A0]*\n)+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ParagraphBreakPattern();

    // Only http and https are recognised, so schemes such as javascript: are never turned into links.
    // Angle brackets cannot appear unencoded in a URL, which lets "<https://example.com>" link cleanly.
    [GeneratedRegex(@"\bhttps?://[^\s<>]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UrlPattern();
}
