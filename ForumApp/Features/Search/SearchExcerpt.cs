using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.RegularExpressions;
using ForumApp.Data;

namespace ForumApp.Features.Search;

/// <summary>
/// The few words around the first match, as HTML: the stored text made plain (markdown stripped), every piece of it
/// HTML-encoded, and only the matched words wrapped in &lt;mark&gt; by this code. No stored text can add markup,
/// because none of it is ever emitted unencoded.
/// </summary>
public static partial class SearchExcerpt
{
    public const int Length = 220;

    // Encodes what HTML gives meaning to (< > & " ') and leaves letters of every script readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private const int Lead = 60;

    public static string PlainText(string body, BodyFormat format) => Formatting.PlainText.Of(body, format);

    public static string ToHtml(string plainText, SearchTerms terms)
    {
        var matches = SearchTerms.Word().Matches(plainText).Where(w => terms.Matches(w.Value)).ToList();
        var start = 0;
        if (BestFirstMatch(matches) is { Index: > Lead } first)
        {
            // Start at a word boundary a little before the match, so the match has some context.
            start = plainText.LastIndexOf(' ', first.Index - Lead) + 1;
        }

        var end = Math.Min(plainText.Length, start + Length);
        if (end < plainText.Length && plainText.LastIndexOf(' ', end) is var space and > 0 && space > start)
        {
            end = space;
        }

        var html = new StringBuilder(Length * 2);
        if (start > 0)
        {
            html.Append('…');
        }

        var at = start;
        foreach (var match in matches.Where(m => m.Index >= start && m.Index + m.Length <= end))
        {
            html.Append(Encoder.Encode(plainText[at..match.Index]))
                .Append("<mark>").Append(Encoder.Encode(match.Value)).Append("</mark>");
            at = match.Index + match.Length;
        }

        html.Append(Encoder.Encode(plainText[at..end]));
        if (end < plainText.Length)
        {
            html.Append('…');
        }

        return html.ToString();
    }

    /// <summary>The match that starts the stretch of text holding the most different terms (the earliest of equals).</summary>
    private static Match? BestFirstMatch(List<Match> matches)
    {
        Match? best = null;
        var bestCount = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            var seen = new HashSet<string>();
            for (var j = i; j < matches.Count && matches[j].Index + matches[j].Length - matches[i].Index <= Length - Lead; j++)
            {
                seen.Add(SearchTerms.Fold(matches[j].Value));
            }

            if (seen.Count > bestCount)
            {
                (best, bestCount) = (matches[i], seen.Count);
            }
        }

        return best;
    }
}
