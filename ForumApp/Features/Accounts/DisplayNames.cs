using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

using ForumApp.Data;

namespace ForumApp.Features.Accounts;

/// <summary>
/// Display names: 3–32 letters, digits, spaces and <c>._-</c>, unique by their look-alike skeleton, so
/// "Demo Moderatоr" (Cyrillic о), "Ｄemo Moderator" (full-width) and "Demo Moderator." are all taken
/// once "Demo Moderator" is.
/// </summary>
public static partial class DisplayNames
{
    public const int MinLength = 3;
    public const int MaxLength = FieldLengths.DisplayName;

    /// <summary>Lower-case letters from other scripts that look like a Latin letter, and digits that pass for letters.</summary>
    private static readonly FrozenDictionary<char, char> LookAlikes = new Dictionary<char, char>
    {
        // Cyrillic
        ['а'] = 'a', ['в'] = 'b', ['ь'] = 'b', ['с'] = 'c', ['ԁ'] = 'd', ['е'] = 'e', ['ё'] = 'e', ['һ'] = 'h', ['н'] = 'h',
        ['і'] = 'i', ['ї'] = 'i', ['ј'] = 'j', ['к'] = 'k', ['ӏ'] = 'i', ['м'] = 'm', ['п'] = 'n', ['о'] = 'o', ['р'] = 'p',
        ['ԛ'] = 'q', ['г'] = 'r', ['ѕ'] = 's', ['т'] = 't', ['ц'] = 'u', ['џ'] = 'u', ['ѵ'] = 'v', ['ԝ'] = 'w', ['ш'] = 'w',
        ['х'] = 'x', ['у'] = 'y', ['ү'] = 'y', ['з'] = '3', ['ɜ'] = '3',

        // Greek
        ['α'] = 'a', ['β'] = 'b', ['ε'] = 'e', ['η'] = 'n', ['ι'] = 'i', ['κ'] = 'k', ['ν'] = 'v', ['ο'] = 'o', ['ρ'] = 'p',
        ['τ'] = 't', ['υ'] = 'u', ['χ'] = 'x', ['γ'] = 'y', ['ω'] = 'w', ['ϲ'] = 'c', ['ϳ'] = 'j', ['ѡ'] = 'w', ['ς'] = 's',
        ['ζ'] = 'z', ['μ'] = 'm',

        // Latin look-alikes of other Latin letters, and digits
        ['ı'] = 'i', ['ȷ'] = 'j', ['ɡ'] = 'g', ['ɑ'] = 'a', ['ℓ'] = 'i', ['l'] = 'i', ['1'] = 'i', ['0'] = 'o',
        ['5'] = 's', ['ſ'] = 'f',
    }.ToFrozenDictionary();

    /// <summary>
    /// Names nobody may take, compared by skeleton: the author of imported seed posts, and names that
    /// would pass for the site or its staff.
    /// </summary>
    public static readonly IReadOnlyList<string> Reserved =
    [
        ReservedAuthors.Anonymous, "Admin", "Administrator", "Moderator", "Mod", "Staff", "System",
        "Support", "ForumApp", "Root", "Deleted", "Removed", "Unknown",
    ];

    private static readonly FrozenSet<string> ReservedSkeletons = Reserved.Select(Normalize).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The skeleton the unique index holds (after Unicode TR39's idea, with a compact table): NFKC (full-width
    /// and other compatibility forms to their plain letters), case folded, Cyrillic and Greek look-alikes to
    /// the Latin letter they pass for, the easily confused 0/o, 1/l/i and rn/m, vv/w folded, and the
    /// separators (spaces, <c>._-</c>) left out, so "Demo.Moderator" and "Demo Moderator." are one name.
    /// </summary>
    public static string Normalize(string displayName)
    {
        var folded = displayName.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var skeleton = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is ' ' or '.' or '_' or '-' || char.IsWhiteSpace(c) || char.IsPunctuation(c))
            {
                continue;
            }

            skeleton.Append(LookAlikes.TryGetValue(c, out var latin) ? latin : c);
        }

        return skeleton.Replace("rn", "m").Replace("vv", "w").ToString();
    }

    public static bool IsReserved(string displayName) => ReservedSkeletons.Contains(Normalize(displayName));

    /// <summary>Null when the name is acceptable in form; uniqueness is checked against the database separately.</summary>
    public static string? Check(string? displayName)
    {
        var name = displayName?.Trim() ?? "";

        // Measured in the compatibility form, which is also what the skeleton (and its column) is made from.
        var length = name.Normalize(NormalizationForm.FormKC).Length;
        if (name.Length < MinLength || name.Length > MaxLength || length > MaxLength)
        {
            return $"A display name has {MinLength} to {MaxLength} characters.";
        }

        if (!AllowedCharacters().IsMatch(name))
        {
            return "A display name may contain letters, digits, spaces and . _ - only.";
        }

        if (name.Contains("  ", StringComparison.Ordinal))
        {
            return "A display name may not contain two spaces in a row.";
        }

        return Normalize(name).Length < 2 ? "A display name needs at least two letters or digits." : null;
    }

    [GeneratedRegex(@"^[\p{L}\p{Nd} ._-]+$")]
    private static partial Regex AllowedCharacters();
}
