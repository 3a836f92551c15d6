using ForumApp.Features.Formatting;

namespace ForumApp.Tests.Unit;

public sealed class SanitizedShortcutTests
{
    private static readonly MarkdownRenderer Renderer = new();

    public static TheoryData<string> Bodies => new()
    {
        "Just a sentence.",
        "Two paragraphs.\n\nThe second one, with *emphasis*, **strong**, ~~struck~~ and `code`.",
        "A line\nand a hard break after it.",
        "Quotes \"like these\", an ampersand & a < and a > in text.",
        "Entities typed by hand: &copy; &amp; &lt;b&gt; &#169; &nbsp;here.",
        "A no-break\u00A0space.",
        "> quoted\n> text\n\nafter",
        "- one\n- two\n  - nested *deep*\n\n1. first\n2. second",
        "3. starts at three\n4. four",
        "a. lettered\nb. list",
        "# Heading\n\n## Second *level*\n\ntext",
        "```\ncode block with <tags> & \"quotes\"\n```",
        "```csharp\nvar x = 1;\n```",
        "    indented code\n    block",
        "A [link](https://example.com) and <https://example.org>.",
        "Bad [link](javascript:alert(1)) here.",
        "![image](https://example.com/x.png)",
        "| a | b |\n|---|--:|\n| 1 | 2 |",
        "Raw <b>html</b> and <script>alert(1)</script> typed.",
        "<!-- a comment -->",
        "***\n\nafter a rule",
        "H~2~O and 2^10^ and ++inserted++ and ==marked==",
        "Unicode: żółć 🙂 — “curly” ‘quotes’ café",
        "Trailing spaces for a break  \nnext line",
        "Tab\tseparated and a \\*escaped\\* star",
        "Line with carriage\r\nreturn",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void WritesExactlyWhatTheSanitizerWritesOrStepsAside(string markdown)
    {
        var unsanitized = MarkdownRenderer.Unsanitized(markdown);

        var shortcut = SanitizedShortcut.TryWrite(unsanitized);

        if (shortcut is not null)
        {
            Assert.Equal(Renderer.SanitizeFully(unsanitized), shortcut);
        }

        Assert.Equal(Renderer.SanitizeFully(unsanitized), Renderer.ToHtml(markdown));
    }

    [Theory]
    [InlineData("Just a sentence.")]
    [InlineData("Two paragraphs.\n\nThe second one, with *emphasis*, **strong** and `code`.")]
    [InlineData("Quotes \"like these\" & an ampersand.\nA second line.")]
    [InlineData("- one\n- two\n\n> quoted")]
    public void ProseTakesTheShortcut(string markdown)
    {
        Assert.NotNull(SanitizedShortcut.TryWrite(MarkdownRenderer.Unsanitized(markdown)));
    }

    [Theory]
    [InlineData("Bad [link](javascript:alert(1)) here.")]
    [InlineData("A [link](https://example.com).")]
    [InlineData("```csharp\nvar x = 1;\n```")]
    [InlineData("![image](https://example.com/x.png)")]
    [InlineData("A no-break\u00A0space.")]
    public void LinksAttributesAndOddCharactersGoThroughTheSanitizer(string markdown)
    {
        Assert.Null(SanitizedShortcut.TryWrite(MarkdownRenderer.Unsanitized(markdown)));
    }

    [Fact]
    public void AScriptLinkNeverSurvives()
    {
        var html = Renderer.ToHtml("Bad [link](javascript:alert(1)) here.");

        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
    }
}
