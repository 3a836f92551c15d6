using System.Globalization;
using System.Text;

namespace ForumApp.Features.Formatting;

/// <summary>
/// What a body of text must be before it is stored. Zero-width characters count as whitespace, so a
/// comment of only invisible characters is empty; length is counted in Unicode scalar values after trimming.
/// </summary>
public static class TextRules
{
    public const int MaxCommentLength = 10_000;
    public const int MaxTitleLength = 200;
    public const int MinTitleLength = 5;

    /// <summary>Returns the trimmed text with normalized line endings, or an error message a person can act on.</summary>
    public static (string Text, string? Error) CheckBody(string? input, int maxLength = MaxCommentLength, string what = "comment")
    {
        var text = Normalize(input);
        if (text.Length == 0)
        {
            return (text, $"The {what} is empty. Write something before posting.");
        }

        if (ContainsControlCharacters(text))
        {
            return (text, $"The {what} contains control characters that cannot be shown. Remove them and try again.");
        }

        var length = CountScalars(text);
        if (length > maxLength)
        {
            return (text, $"The {what} is {length.ToString("N0", CultureInfo.InvariantCulture)} characters long; the limit is {maxLength.ToString("N0", CultureInfo.InvariantCulture)}.");
        }

        return (text, null);
    }

    public static (string Text, string? Error) CheckTitle(string? input)
    {
        var text = Normalize(input).ReplaceLineEndings(" ");
        if (text.Length == 0)
        {
            return (text, "The title is empty.");
        }

        if (ContainsControlCharacters(text))
        {
            return (text, "The title contains control characters that cannot be shown.");
        }

        var length = CountScalars(text);
        if (length < MinTitleLength)
        {
            return (text, $"The title needs at least {MinTitleLength} characters.");
        }

        return length > MaxTitleLength
            ? (text, $"The title is {length} characters long; the limit is {MaxTitleLength}.")
            : (text, null);
    }

    public static int CountScalars(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    public static bool IsBlank(Rune rune) =>
        Rune.IsWhiteSpace(rune) || rune.Value is 0x200B or 0x200C or 0x200D or 0x2060 or 0xFEFF or 0x180E;

    private static string Normalize(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return "";
        }

        var text = input.ReplaceLineEndings("\n");
        var start = 0;
        var end = text.Length;
        while (start < end && Rune.DecodeFromUtf16(text.AsSpan(start), out var rune, out var used) == System.Buffers.OperationStatus.Done && IsBlank(rune))
        {
            start += used;
        }

        while (end > start && Rune.DecodeLastFromUtf16(text.AsSpan(start, end - start), out var rune, out var used) == System.Buffers.OperationStatus.Done && IsBlank(rune))
        {
            end -= used;
        }

        return text[start..end];
    }

    // Line breaks and tabs are text; every other C0/C1 control (NUL included) is not.
    private static bool ContainsControlCharacters(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not '\n' and not '\t')
            {
                return true;
            }
        }

        return false;
    }
}
