using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Comments;
using ForumApp.Features.Formatting;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Comments;

/// <summary>How a comment's text becomes HTML: escaped, sanitized, with safe links, whatever its shape. Through <see cref="CommentService"/> on a real SQLite file.</summary>
public sealed class FormattingTests : CommentServiceTestBase
{
    [Fact]
    public async Task RawHtmlIsShownAsTextAndMarkdownIsRendered()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        const string body = "<script>alert('x')</script> and <img src=x onerror=alert(1)> but **bold**";

        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, body, null));

        var html = posted.Comment.BodyHtml!;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        var fragment = Parse(html);
        Assert.Empty(fragment.QuerySelectorAll("script, img"));
        Assert.Contains("<script>alert('x')</script>", fragment.Body!.TextContent, StringComparison.Ordinal);

        var stored = await StoredCommentAsync(posted.Comment.Id);
        Assert.Equal(body, stored.Body);
        Assert.Equal(html, stored.BodyHtml);
    }

    [Theory]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](JaVaScRiPt:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[click me](vbscript:msgbox)")]
    public async Task LinkWithAnUnsafeSchemeHasNoHref(string body)
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();

        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, body, null));

        var html = posted.Comment.BodyHtml!;
        Assert.All(Parse(html).QuerySelectorAll("a"), a => Assert.False(a.HasAttribute("href"), $"unsafe link kept its href: {html}"));
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"vbscript", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LinksAreMarkedNofollowUgcNoopener()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();

        var posted = Succeeded(await _comments.PostAsync(
            alice.Principal, threadId, null, "See [the docs](https://example.com/docs \"Docs\"), https://example.org and <mailto:me@example.com>", null));

        var links = Parse(posted.Comment.BodyHtml!).QuerySelectorAll("a").ToList();
        Assert.Equal(
            ["https://example.com/docs", "https://example.org", "mailto:me@example.com"],
            links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a => Assert.Equal("nofollow ugc noopener", a.GetAttribute("rel")));
    }

    [Fact]
    public async Task DeeplyNestedMarkdownIsAcceptedAndShownAsTypedText()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var nested = string.Concat(Enumerable.Repeat("> ", 200)) + "deep";

        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, nested, null));

        // Past Markdig's nesting limit the text is not markdown any more: it is shown as plain text, every ">" kept.
        Assert.Equal(PlainTextFormatter.ToHtml(nested), posted.Comment.BodyHtml);
        Assert.Equal(200, Parse(posted.Comment.BodyHtml!).Body!.TextContent.Count(c => c == '>'));
        Assert.Equal(nested, (await StoredCommentAsync(posted.Comment.Id)).Body);
    }

    [Fact]
    public async Task EditToDeeplyNestedMarkdownIsAcceptedAndShownAsTypedText()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var posted = Succeeded(await _comments.PostAsync(alice.Principal, threadId, null, "flat", null));
        var nested = string.Concat(Enumerable.Repeat("- ", 200)) + "deep";

        var edited = Succeeded(await _comments.EditAsync(alice.Principal, threadId, posted.Comment.Id, nested));

        Assert.Equal(PlainTextFormatter.ToHtml(nested), edited.BodyHtml);
        Assert.Equal(nested, (await StoredCommentAsync(posted.Comment.Id)).Body);
    }
}
