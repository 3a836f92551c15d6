using ForumApp.Features.Formatting;

namespace ForumApp.Tests.Unit;

public sealed class PlainTextFormatterTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\r\n\t \n")]
    public void RendersWhitespaceOnlyInputAsNothing(string text)
    {
        Assert.Equal(string.Empty, PlainTextFormatter.ToHtml(text));
    }

    [Fact]
    public void WrapsASingleLineInOneParagraph()
    {
        Assert.Equal("<p>Hello world</p>", PlainTextFormatter.ToHtml("Hello world"));
    }

    [Fact]
    public void SplitsParagraphsOnOneOrMoreBlankLines()
    {
        var html = PlainTextFormatter.ToHtml("First.\n\nSecond.\n\n\n\nThird.\n  \t\nFourth.");

        Assert.Equal("<p>First.</p><p>Second.</p><p>Third.</p><p>Fourth.</p>", html);
    }

    [Fact]
    public void TurnsSingleNewlinesIntoLineBreaks()
    {
        var html = PlainTextFormatter.ToHtml("Line one\nLine two\r\nLine three\n\nNext paragraph");

        Assert.Equal("<p>Line one<br>Line two<br>Line three</p><p>Next paragraph</p>", html);
    }

    [Fact]
    public void IgnoresSurroundingBlankLines()
    {
        Assert.Equal("<p>Body</p>", PlainTextFormatter.ToHtml("\n\n  \nBody\n\n\n"));
    }

    [Fact]
    public void EncodesMarkupSoScriptsNeverRun()
    {
        var html = PlainTextFormatter.ToHtml("<script>alert(\"x\" + 'y') && 1 < 2</script>");

        Assert.Equal(
            "<p>&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp;&amp; 1 &lt; 2&lt;/script&gt;</p>",
            html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void KeepsTypographicPunctuation()
    {
        Assert.Equal("<p>It’s here – “quoted”…</p>", PlainTextFormatter.ToHtml("It’s here – “quoted”…"));
    }

    [Theory]
    [InlineData("http://example.com")]
    [InlineData("https://www.techbite.me/post/10-reasons-why-apple-won-t-sue-xiaomi")]
    [InlineData("https://example.com/path?query=1#fragment")]
    public void LinksBareHttpAndHttpsUrls(string url)
    {
        var html = PlainTextFormatter.ToHtml($"See {url} now");

        Assert.Equal($"<p>See <a href=\"{url}\" rel=\"nofollow ugc noopener\">{url}</a> now</p>", html);
    }

    [Theory]
    [InlineData("Visit https://example.com.", "https://example.com", ".")]
    [InlineData("Visit https://example.com/a, then", "https://example.com/a", ", then")]
    [InlineData("Really https://example.com/?!", "https://example.com/", "?!")]
    [InlineData("(see https://example.com/page)", "https://example.com/page", ")")]
    [InlineData("[https://example.com/x]", "https://example.com/x", "]")]
    [InlineData("Read https://example.com;", "https://example.com", ";")]
    [InlineData("Go to https://example.com: it works", "https://example.com", ": it works")]
    public void LeavesTrailingPunctuationOutOfTheLink(string text, string expectedUrl, string expectedFollowingText)
    {
        var html = PlainTextFormatter.ToHtml(text);

        Assert.Contains($"<a href=\"{expectedUrl}\" rel=\"nofollow ugc noopener\">{expectedUrl}</a>{expectedFollowingText}", html, StringComparison.Ordinal);
    }

    [Fact]
    public void LeavesQuotesAroundAUrlOutOfTheLink()
    {
        var html = PlainTextFormatter.ToHtml("He said \"https://example.com/a\" twice 'https://example.com/b'");

        Assert.Equal(
            "<p>He said &quot;<a href=\"https://example.com/a\" rel=\"nofollow ugc noopener\">https://example.com/a</a>&quot; twice " +
            "&#39;<a href=\"https://example.com/b\" rel=\"nofollow ugc noopener\">https://example.com/b</a>&#39;</p>",
            html);
    }

    [Fact]
    public void KeepsBalancedParenthesesInsideAUrl()
    {
        var html = PlainTextFormatter.ToHtml("https://en.wikipedia.org/wiki/Mi_(brand)");

        Assert.Contains("href=\"https://en.wikipedia.org/wiki/Mi_(brand)\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodesCharactersInsideAUrlInBothHrefAndText()
    {
        var html = PlainTextFormatter.ToHtml("https://example.com/?a=1&b=\"x\"'onmouseover='alert(1)");

        const string encoded = "https://example.com/?a=1&amp;b=&quot;x&quot;&#39;onmouseover=&#39;alert(1)";
        Assert.Equal($"<p><a href=\"{encoded}\" rel=\"nofollow ugc noopener\">{encoded}</a></p>", html);
    }

    [Fact]
    public void StopsAUrlAtAngleBrackets()
    {
        var html = PlainTextFormatter.ToHtml("<https://example.com><b>");

        Assert.Equal(
            "<p>&lt;<a href=\"https://example.com\" rel=\"nofollow ugc noopener\">https://example.com</a>&gt;&lt;b&gt;</p>",
            html);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript://example.com/%0Aalert(1)")]
    [InlineData("data:text/html,<b>x</b>")]
    [InlineData("ftp://example.com/file")]
    [InlineData("mailto:someone@example.com")]
    public void NeverLinksOtherSchemes(string text)
    {
        var html = PlainTextFormatter.ToHtml(text);

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://")]
    [InlineData("https://.")]
    public void DoesNotLinkASchemeWithoutAnAddress(string text)
    {
        Assert.DoesNotContain("<a", PlainTextFormatter.ToHtml(text), StringComparison.Ordinal);
    }

    [Fact]
    public void LinksUrlsRegardlessOfSchemeCase()
    {
        var html = PlainTextFormatter.ToHtml("HTTPS://Example.com/X");

        Assert.Equal("<p><a href=\"HTTPS://Example.com/X\" rel=\"nofollow ugc noopener\">HTTPS://Example.com/X</a></p>", html);
    }

    [Fact]
    public void LinksSeveralUrlsOnOneLineAndAcrossLines()
    {
        var html = PlainTextFormatter.ToHtml("a http://one.example b https://two.example\nhttps://three.example");

        Assert.Equal(
            "<p>a <a href=\"http://one.example\" rel=\"nofollow ugc noopener\">http://one.example</a> b " +
            "<a href=\"https://two.example\" rel=\"nofollow ugc noopener\">https://two.example</a><br>" +
            "<a href=\"https://three.example\" rel=\"nofollow ugc noopener\">https://three.example</a></p>",
            html);
    }

    [Fact]
    public void DoesNotLinkAUrlGluedToAPrecedingWord()
    {
        Assert.Equal("<p>xhttps://example.com</p>", PlainTextFormatter.ToHtml("xhttps://example.com"));
    }
}
