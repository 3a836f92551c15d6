using AngleSharp.Html.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Renderers;

namespace ForumApp.Features.Formatting;

/// <summary>
/// Markdown to safe HTML. Markdig's DisableHtml makes raw HTML show as text, but it still lets
/// <c>javascript:</c> links through, so its output is also sanitized with a scheme allow-list.
/// Thread-safe once built; registered as a singleton.
/// </summary>
public sealed class MarkdownRenderer
{
    public const string LinkRel = "nofollow ugc noopener";

    private static readonly MarkdownPipeline Pipeline = MarkdownPipelines.Base()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private static readonly string[] AllowedTags =
    [
        "p", "br", "hr", "strong", "em", "del", "ins", "sub", "sup", "mark", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tr", "th", "td",
    ];

    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer()
    {
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedTags.Clear();
        _sanitizer.AllowedTags.UnionWith(AllowedTags);
        _sanitizer.AllowedAttributes.Clear();
        _sanitizer.AllowedAttributes.UnionWith(["href", "title", "start", "align", "class"]);
        _sanitizer.AllowedSchemes.Clear();
        _sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        _sanitizer.AllowedCssProperties.Clear();
        _sanitizer.AllowedAtRules.Clear();
        _sanitizer.AllowedClasses.Clear();

        // Markdown with raw HTML disabled cannot write a class itself; only the mention links carry one.
        _sanitizer.AllowedClasses.Add(MentionLinks.CssClass);
        _sanitizer.UriAttributes.Clear();
        _sanitizer.UriAttributes.Add("href");
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IHtmlAnchorElement anchor)
            {
                anchor.SetAttribute("rel", LinkRel);
            }
        };
    }

    /// <summary>The names <c>@mentioned</c> in a markdown text, as typed.</summary>
    public static IReadOnlyList<string> MentionedNames(string markdown)
    {
        try
        {
            return MentionLinks.NamesIn(markdown, Pipeline);
        }
        catch (ArgumentException)
        {
            // Too deeply nested for Markdig: shown as typed, so it links nobody.
            return [];
        }
    }

    /// <param name="mentions">Members the text may mention, by name skeleton: their mentions become profile links.</param>
    public string ToHtml(string markdown, IReadOnlyDictionary<string, string>? mentions = null)
    {
        string html;
        try
        {
            html = mentions is { Count: > 0 } ? ToHtmlWithMentions(markdown, mentions) : Markdown.ToHtml(markdown, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses nesting past its depth limit (e.g. 128 "> " in a row): such a text is shown as it was typed.
            return PlainTextFormatter.ToHtml(markdown);
        }

        return SanitizedShortcut.TryWrite(html) ?? _sanitizer.Sanitize(html);
    }

    /// <summary>What the sanitizer alone makes of some HTML (the shortcut must write exactly this).</summary>
    internal string SanitizeFully(string html) => _sanitizer.Sanitize(html);

    /// <summary>Markdig's HTML for a text, before sanitizing.</summary>
    internal static string Unsanitized(string markdown) => Markdown.ToHtml(markdown, Pipeline);

    private static string ToHtmlWithMentions(string markdown, IReadOnlyDictionary<string, string> mentions)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        MentionLinks.Link(document, mentions, Accounts.DisplayNames.Normalize);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }
}
