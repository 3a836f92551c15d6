using System.Text.RegularExpressions;

namespace ForumApp.Features.Accounts;

/// <summary>Display names: 3–32 letters, digits, spaces and <c>._-</c>, unique ignoring case.</summary>
public static partial class DisplayNames
{
    public const int MinLength = 3;
    public const int MaxLength = 32;

    public static string Normalize(string displayName) => displayName.Trim().ToUpperInvariant();

    /// <summary>Null when the name is acceptable in form; uniqueness is checked against the database separately.</summary>
    public static string? Check(string? displayName)
    {
        var name = displayName?.Trim() ?? "";
        if (name.Length < MinLength || name.Length > MaxLength)
        {
            return $"A display name has {MinLength} to {MaxLength} characters.";
        }

        if (!AllowedCharacters().IsMatch(name))
        {
            return "A display name may contain letters, digits, spaces and . _ - only.";
        }

        return name.Contains("  ", StringComparison.Ordinal)
            ? "A display name may not contain two spaces in a row."
            : null;
    }

    [GeneratedRegex(@"^[\p{L}\p{Nd} ._-]+$")]
    private static partial Regex AllowedCharacters();
}
