using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ForumApp.Features.Search;

/// <summary>
/// What a search asks for, taken from the reader's words: runs of letters, marks and digits, nothing else. No
/// operator, quote or bracket survives, so no input can break a provider's query syntax; every term must occur,
/// and the last one also matches as a prefix (results appear while a word is still being typed).
/// </summary>
public sealed partial class SearchTerms
{
    public const int MaxTerms = 8;
    public const int MaxTermLength = 64;

    private SearchTerms(IReadOnlyList<string> terms) => Terms = terms;

    /// <summary>Folded terms (lower case, no diacritics), in the order given, without repeats.</summary>
    public IReadOnlyList<string> Terms { get; }

    public bool IsEmpty => Terms.Count == 0;

    public static SearchTerms Parse(string? query)
    {
        var terms = new List<string>();
        foreach (Match word in Word().Matches(query ?? ""))
        {
            var term = Fold(word.Value);
            if (term.Length == 0 || terms.Contains(term))
            {
                continue;
            }

            terms.Add(term.Length > MaxTermLength ? term[..MaxTermLength] : term);
            if (terms.Count == MaxTerms)
            {
                break;
            }
        }

        return new SearchTerms(terms);
    }

    /// <summary>Whether a word of the text is one of the terms (or starts with the last).</summary>
    public bool Matches(string word)
    {
        var folded = Fold(word);
        for (var i = 0; i < Terms.Count; i++)
        {
            if (folded == Terms[i] || (i == Terms.Count - 1 && folded.StartsWith(Terms[i], StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>SQLite FTS5: each term a quoted string (implicit AND), the last one a prefix.</summary>
    public string ToFts5() => string.Join(' ', Terms.Select((t, i) => i == Terms.Count - 1 ? $"\"{t}\"*" : $"\"{t}\""));

    /// <summary>PostgreSQL to_tsquery: letters and digits only, so no term can be read as an operator.</summary>
    public string ToTsQuery() => string.Join(" & ", Terms.Select((t, i) => i == Terms.Count - 1 ? $"{t}:*" : t));

    /// <summary>SQL Server CONTAINSTABLE: quoted terms joined by AND, the last one a prefix.</summary>
    public string ToContains() => string.Join(" AND ", Terms.Select((t, i) => i == Terms.Count - 1 ? $"\"{t}*\"" : $"\"{t}\""));

    /// <summary>Lower case without diacritics, as the SQLite tokenizer (remove_diacritics 2) sees words.</summary>
    public static string Fold(string word)
    {
        var decomposed = word.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC).ToLowerInvariant();
    }

    [GeneratedRegex(@"[\p{L}\p{M}\p{N}]+")]
    internal static partial Regex Word();
}
