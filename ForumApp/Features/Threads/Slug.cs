using System.Globalization;
using System.Text;

namespace ForumApp.Features.Threads;

public static class Slug
{
    public const int MaxLength = 80;

    private const string Fallback = "thread";

    // Apostrophes join a word ("Xiaomi's" -> "xiaomis") instead of splitting it.
    private const string Apostrophes = "'\u2018\u2019\u02BC`\u00B4";

    // Letters that carry no combining mark, so FormD decomposition leaves them untouched.
    private static readonly Dictionary<char, string> _lettersWithoutDecomposition = new()
    {
        ['ß'] = "ss",
        ['æ'] = "ae",
        ['œ'] = "oe",
        ['ø'] = "o",
        ['đ'] = "d",
        ['ð'] = "d",
        ['ł'] = "l",
        ['þ'] = "th",
        ['ı'] = "i",
    };

    public static string FromTitle(string title)
    {
        ArgumentNullException.ThrowIfNull(title);

        var decomposed = title.Normalize(NormalizationForm.FormD).ToLowerInvariant();
        var slug = new StringBuilder(decomposed.Length);
        var pendingSeparator = false;

        foreach (var character in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.NonSpacingMark
                || Apostrophes.Contains(character))
            {
                continue;
            }

            var replacement = character is (>= 'a' and <= 'z') or (>= '0' and <= '9')
                ? character.ToString()
                : _lettersWithoutDecomposition.GetValueOrDefault(character);

            if (replacement is null)
            {
                pendingSeparator = true;
                continue;
            }

            // Deferring the hyphen until the next kept character avoids leading, trailing and doubled hyphens.
            if (pendingSeparator && slug.Length > 0)
            {
                slug.Append('-');
            }

            pendingSeparator = false;
            slug.Append(replacement);
        }

        var result = Truncate(slug.ToString());
        return result.Length == 0 ? Fallback : result;
    }

    private static string Truncate(string slug)
    {
        if (slug.Length <= MaxLength)
        {
            return slug;
        }

        // Cutting at a word boundary keeps the URL readable; a single overlong word is cut hard.
        if (slug[MaxLength] == '-')
        {
            return slug[..MaxLength];
        }

        var lastSeparator = slug.LastIndexOf('-', MaxLength - 1);
        return lastSeparator > 0 ? slug[..lastSeparator] : slug[..MaxLength];
    }
}
