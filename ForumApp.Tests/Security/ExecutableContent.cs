using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ForumApp.Tests.Security;

/// <summary>One thing in parsed HTML that a browser could run, or that could load or redirect to something that runs.</summary>
/// <param name="Signature">What it is, stable between two renders of the same markup (so a page can be compared with a baseline).</param>
/// <param name="Markup">The offending element's start tag, to read in a failure message.</param>
/// <param name="Element">The element it was found on.</param>
public sealed record ExecutableFinding(string Signature, string Markup, IElement Element)
{
    public override string ToString() => $"{Signature}   in   {Markup}";
}

/// <summary>
/// Looks through parsed HTML, as a browser would have built it, for executable content: script elements,
/// event-handler attributes, URLs with a scripting or data scheme (after the normalisation browsers apply:
/// entities decoded by the parser, whitespace and control characters dropped, case ignored), elements that
/// embed, load or redirect (frames, plug-ins, base, meta, form, style, link) and CSS that can run code.
/// </summary>
public static partial class ExecutableContent
{
    // Browsers run with scripting on, which changes how some markup parses (noscript content is raw text).
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = true });

    private static readonly HashSet<string> ForbiddenElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal",
        "base", "meta", "form", "style", "link",
    };

    // Attributes a browser follows, loads or navigates to; SVG animation targets (to, values, from, by) can set
    // an href to one of them. Names are compared in lower case, without any namespace prefix.
    private static readonly HashSet<string> UrlAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "href", "xlink:href", "src", "action", "formaction", "data", "srcdoc", "srcset", "poster", "background",
        "dynsrc", "lowsrc", "codebase", "code", "archive", "ping", "to", "values", "from", "by", "content",
    };

    private static readonly string[] DangerousSchemes = ["javascript:", "vbscript:", "data:", "livescript:"];

    private static readonly string[] DangerousCss = ["expression(", "url(", "behavior:", "-moz-binding", "@import", "javascript:"];

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>A fragment (such as an API's <c>bodyHtml</c>) parsed into the body of an empty document.</summary>
    public static IElement ParseFragment(string html) => Parser.ParseDocument($"<!DOCTYPE html><html><head></head><body>{html}</body></html>").Body!;

    /// <summary>Every finding in <paramref name="root"/> and below it, in document order.</summary>
    public static IReadOnlyList<ExecutableFinding> Find(INode root)
    {
        var findings = new List<ExecutableFinding>();
        foreach (var element in ElementsUnder(root))
        {
            Inspect(element, findings);
        }

        return findings;
    }

    /// <param name="isAppOwned">
    /// Elements the app renders itself around members' text (a filter form, say): they are not findings, though
    /// anything found inside them still is.
    /// </param>
    public static void AssertNone(INode? root, string where, Func<IElement, bool>? isAppOwned = null)
    {
        Assert.True(root is not null, $"{where}: the region to inspect is missing from the page.");
        var findings = Find(root!).Where(finding => isAppOwned?.Invoke(finding.Element) != true).ToList();
        Assert.True(findings.Count == 0, $"{where} holds executable content:\n  {string.Join("\n  ", findings)}");
    }

    /// <summary>
    /// The page holds nothing executable beyond what the same page holds without any member's text (the app's own
    /// scripts, its import map and base element, the theme's style element).
    /// </summary>
    public static void AssertNoneBeyond(IDocument page, IReadOnlyCollection<string> baselineSignatures, string where)
    {
        var extra = Find(page).Where(finding => !baselineSignatures.Contains(finding.Signature)).ToList();
        Assert.True(extra.Count == 0, $"{where} holds executable content the app itself does not put there:\n  {string.Join("\n  ", extra)}");
    }

    public static HashSet<string> SignaturesOf(IDocument page) => Find(page).Select(finding => finding.Signature).ToHashSet(StringComparer.Ordinal);

    /// <summary>A URL as a browser reads its scheme: without whitespace or control characters anywhere, in lower case.</summary>
    public static string NormalizeUrl(string value)
    {
        var normalized = new StringBuilder(value.Length);
        foreach (var character in value)
        {
            if (!char.IsWhiteSpace(character) && !char.IsControl(character) && character is not ('\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF'))
            {
                normalized.Append(char.ToLowerInvariant(character));
            }
        }

        return normalized.ToString();
    }

    // A template's content is a separate fragment, not among the element's descendants: it is searched as well.
    private static IEnumerable<IElement> ElementsUnder(INode root)
    {
        IEnumerable<IElement> elements = root switch
        {
            IDocument document => document.All,
            IElement element => element.QuerySelectorAll("*").Prepend(element),
            _ => [],
        };

        foreach (var element in elements)
        {
            yield return element;
            if (element is IHtmlTemplateElement template)
            {
                foreach (var inner in template.Content.QuerySelectorAll("*"))
                {
                    yield return inner;
                }
            }
        }
    }

    private static void Inspect(IElement element, List<ExecutableFinding> findings)
    {
        var tag = element.LocalName.ToLowerInvariant();
        if (ForbiddenElements.Contains(tag))
        {
            // The whole element, so the app's own script or theme style matches its baseline exactly.
            findings.Add(new ExecutableFinding($"element {Stable(element.OuterHtml)}", StartTag(element), element));
        }

        foreach (var attribute in element.Attributes)
        {
            var name = attribute.LocalName.ToLowerInvariant();
            var value = attribute.Value;
            if (name.StartsWith("on", StringComparison.Ordinal))
            {
                findings.Add(new ExecutableFinding($"<{tag}> event handler {name}=\"{value}\"", StartTag(element), element));
            }
            else if ((UrlAttributes.Contains(name) || UrlAttributes.Contains(attribute.Name)) && IsDangerousUrl(name, value))
            {
                findings.Add(new ExecutableFinding($"<{tag}> {attribute.Name}=\"{value}\"", StartTag(element), element));
            }
            else if (name == "style" && DangerousCss.FirstOrDefault(css => NormalizeCss(value).Contains(css, StringComparison.Ordinal)) is { } css)
            {
                findings.Add(new ExecutableFinding($"<{tag}> style with {css} \"{value}\"", StartTag(element), element));
            }
            else if (name == "attributename" && tag is "animate" or "set" && NormalizeUrl(value) is "href" or "xlink:href")
            {
                findings.Add(new ExecutableFinding($"<{tag}> animates {value}", StartTag(element), element));
            }
        }
    }

    private static bool IsDangerousUrl(string attribute, string value)
    {
        if (attribute == "srcdoc")
        {
            // A document of its own, run in a frame: any at all is too much.
            return true;
        }

        var normalized = NormalizeUrl(value);
        if (attribute == "content")
        {
            // <meta http-equiv=refresh content="0;url=javascript:...">: the address follows "url=".
            var at = normalized.IndexOf("url=", StringComparison.Ordinal);
            normalized = at < 0 ? "" : normalized[(at + 4)..].Trim('\'', '"');
        }

        // These hold lists: every entry counts.
        var entries = attribute is "srcset" or "values" or "archive" or "ping"
            ? normalized.Split(',', ';').Select(entry => entry.Trim('\'', '"'))
            : [normalized];
        return entries.Any(entry => DangerousSchemes.Any(scheme => entry.StartsWith(scheme, StringComparison.Ordinal)));
    }

    // CSS comments and escapes hide words from a naive search ("expr/**/ession", "expression\28"), so both go.
    private static string NormalizeCss(string value)
    {
        var text = CssComment().Replace(value, "");
        text = CssEscape().Replace(text, match =>
            Convert.ToInt32(match.Groups[1].Value, 16) is var code && Rune.IsValid(code) && code > 0 ? char.ConvertFromUtf32(code) : "\uFFFD");
        text = text.Replace("\\", "", StringComparison.Ordinal);
        return NormalizeUrl(text);
    }

    private static string StartTag(IElement element)
    {
        var html = element.OuterHtml;
        var end = html.IndexOf('>', StringComparison.Ordinal);
        return end < 0 || end > 300 ? html[..Math.Min(html.Length, 300)] : html[..(end + 1)];
    }

    // The import map carries a fresh nonce per response; nothing else the app renders changes between requests.
    // The app's own forms carry the page they return to; two pages differ there and nowhere else.
    private static string Stable(string outerHtml) =>
        ReturnUrlValue().Replace(NonceAttribute().Replace(outerHtml, ""), "name=\"returnUrl\"");

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex CssComment();

    [GeneratedRegex(@"\\([0-9a-fA-F]{1,6})\s?")]
    private static partial Regex CssEscape();

    [GeneratedRegex("name=\"returnUrl\" value=\"[^\"]*\"")]
    private static partial Regex ReturnUrlValue();

    [GeneratedRegex("\\snonce=\"[^\"]*\"")]
    private static partial Regex NonceAttribute();
}
