using System.Text.RegularExpressions;
using Markdig;
using Markdig.Helpers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ForumApp.Features.Formatting;

/// <summary>
/// <c>@DisplayName</c> in markdown. A mention is an <c>@</c> not preceded by a name character, followed by the
/// characters names may hold (letters, digits, <c>._-</c>); it ends at whitespace or any other punctuation, and a
/// trailing <c>.</c>, <c>_</c> or <c>-</c> is taken as the sentence's, not the name's. Names are matched by their
/// look-alike skeleton, which drops separators, so a member named "Demo Moderator" is mentioned as @DemoModerator.
/// Only text is looked at: code, and the text of links, never mention anyone.
/// </summary>
public static partial class MentionLinks
{
    public const string CssClass = "mention";

    /// <summary>The names mentioned, as typed (without the @), in order of first appearance.</summary>
    public static IReadOnlyList<string> NamesIn(string markdown, MarkdownPipeline pipeline)
    {
        if (!markdown.Contains('@', StringComparison.Ordinal))
        {
            return [];
        }

        var document = Markdown.Parse(markdown, pipeline);
        MergeAdjacentLiterals(document);
        var names = new List<string>();
        foreach (var literal in TextLiterals(document))
        {
            foreach (Match match in Mention().Matches(literal.Content.ToString()))
            {
                var name = Trim(match.Groups["name"].Value);
                if (name.Length > 0 && !names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    /// <summary>Turns mentions of known members into links to their profiles; <paramref name="members"/> maps a skeleton to a display name.</summary>
    public static void Link(MarkdownDocument document, IReadOnlyDictionary<string, string> members, Func<string, string> skeletonOf)
    {
        MergeAdjacentLiterals(document);
        foreach (var literal in TextLiterals(document).ToList())
        {
            var text = literal.Content.ToString();
            var pieces = new List<Inline>();
            var at = 0;
            foreach (Match match in Mention().Matches(text))
            {
                var typed = Trim(match.Groups["name"].Value);
                if (typed.Length == 0 || !members.TryGetValue(skeletonOf(typed), out var displayName))
                {
                    continue;
                }

                if (match.Index > at)
                {
                    pieces.Add(new LiteralInline(text[at..match.Index]));
                }

                var link = new LinkInline { Url = ProfileUrl(displayName), IsClosed = true };
                link.GetAttributes().AddClass(CssClass);
                link.AppendChild(new LiteralInline("@" + typed));
                pieces.Add(link);
                at = match.Index + 1 + typed.Length;
            }

            if (pieces.Count == 0)
            {
                continue;
            }

            if (at < text.Length)
            {
                pieces.Add(new LiteralInline(text[at..]));
            }

            foreach (var piece in pieces)
            {
                literal.InsertBefore(piece);
            }

            literal.Remove();
        }
    }

    /// <summary>The profile page of a member (the profiles feature serves it).</summary>
    public static string ProfileUrl(string displayName) => "/u/" + Uri.EscapeDataString(displayName);

    private static string Trim(string name) => name.TrimEnd('.', '_', '-');

    // Text outside links: a mention inside [text](url) would nest a link in a link.
    private static IEnumerable<LiteralInline> TextLiterals(MarkdownDocument document) =>
        document.Descendants<LiteralInline>().Where(literal => !InsideLink(literal));

    private static bool InsideLink(Inline inline)
    {
        for (var parent = inline.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is LinkInline)
            {
                return true;
            }
        }

        return false;
    }

    // The inline parsers cut text at characters that might open emphasis ("_", "*"): glue it back, so
    // "@ann_lee" is seen whole.
    private static void MergeAdjacentLiterals(MarkdownDocument document)
    {
        foreach (var literal in document.Descendants<LiteralInline>().ToList())
        {
            if (literal.Parent is null)
            {
                continue;
            }

            while (literal.NextSibling is LiteralInline next)
            {
                literal.Content = new StringSlice(literal.Content.ToString() + next.Content.ToString());
                next.Remove();
            }
        }
    }

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}._@-])@(?<name>[\p{L}\p{Nd}][\p{L}\p{Nd}._-]*)")]
    private static partial Regex Mention();
}
