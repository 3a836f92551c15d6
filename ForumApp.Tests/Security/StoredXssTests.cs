using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using ForumApp.Features.Formatting;
using Xunit.Sdk;

namespace ForumApp.Tests.Security;

/// <summary>
/// Stored cross-site scripting through everything a member writes that others read: each vector is written
/// through the public API, then the API's HTML and the server-rendered pages a visitor gets are parsed and
/// searched for anything executable. Regions holding members' text must hold nothing executable at all; whole
/// pages may hold only what the app itself puts on the same page without any member's text.
/// </summary>
public sealed class StoredXssTests(StoredXssForum forum) : IClassFixture<StoredXssForum>
{
    private const int BatchSize = StoredXssForum.BatchSize;
    private const string HomeSnapshot = "home after thread group ";

    public static TheoryData<string> Vectors => XssVectors.Names;

    public static TheoryData<int> Batches => XssVectors.BatchNumbers(BatchSize);

    public static TheoryData<string> ExecutableMarkup => new(
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<details open ontoggle=alert(1)>x</details>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html,hello\">x</a>",
        "<button formaction=\"javascript:alert(1)\">x</button>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<svg><animate attributeName=\"href\" values=\"javascript:alert(1)\"/></svg>",
        "<img srcset=\"a.png 1x, javascript:alert(1) 2x\">",
        "<form action=\"https://example.com/\"></form>",
        "<iframe srcdoc=\"hello\"></iframe>",
        "<object data=\"movie.swf\"></object>",
        "<embed src=\"movie.swf\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://example.com\">",
        "<base href=\"https://example.com/\">",
        "<style>p { color: red }</style>",
        "<link rel=\"stylesheet\" href=\"https://example.com/x.css\">",
        "<div style=\"width: expression(alert(1))\">x</div>",
        "<div style=\"width: expr/**/ession(alert(1))\">x</div>",
        "<div style=\"background: url(https://example.com/x.png)\">x</div>",
        "<template><img src=x onerror=alert(1)></template>");

    public static TheoryData<string> HarmlessMarkup => new(
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<p>javascript:alert(1) and <code>&lt;img src=x onerror=alert(1)&gt;</code></p>",
        "<a href=\"https://example.com/?q=javascript:alert(1)\" title=\"x onmouseover=alert(1)\" rel=\"nofollow ugc noopener\">x</a>",
        "<a href=\"/t/1/javascript-tips\">x</a> <a href=\"mailto:someone@example.com\">mail</a>",
        "<span class=\"avatar\" style=\"--avatar-hue: 12; --avatar-size: 20px\">A</span>",
        "<article data-comment-id=\"5\" data-depth=\"0\"><button type=\"button\">Reply</button></article>");

    [Fact]
    public void ThereAreAtLeast120DistinctVectorsThatFitEveryField()
    {
        var vectors = XssVectors.All;

        Assert.True(vectors.Count >= 120, $"Only {vectors.Count} vectors.");
        Assert.Equal(vectors.Count, vectors.Select(v => v.Name).Distinct().Count());
        Assert.Equal(vectors.Count, vectors.Select(v => v.Text).Distinct().Count());
        Assert.All(vectors, vector =>
        {
            // A title needs 5 to 200 characters and a reason at most 500; only tabs and line breaks are allowed controls.
            var length = vector.Text.Trim().EnumerateRunes().Count();
            Assert.InRange(length, 5, 200);
            Assert.DoesNotContain(vector.Text, c => char.IsControl(c) && c is not '\n' and not '\t');
        });
    }

    [Theory]
    [MemberData(nameof(ExecutableMarkup))]
    public void TheCheckerFindsExecutableContent(string html)
    {
        Assert.NotEmpty(ExecutableContent.Find(ExecutableContent.ParseFragment(html)));
        Assert.ThrowsAny<XunitException>(() => ExecutableContent.AssertNone(ExecutableContent.ParseFragment(html), "A known-bad snippet"));
    }

    [Theory]
    [MemberData(nameof(HarmlessMarkup))]
    public void TheCheckerLeavesHarmlessMarkupAlone(string html) =>
        ExecutableContent.AssertNone(ExecutableContent.ParseFragment(html), "A harmless snippet");

    [Fact]
    public void TheCheckerFindsWhatAPageHoldsBeyondItsBaseline()
    {
        const string Page = "<!DOCTYPE html><html><head><base href=\"/\"><script type=\"importmap\" nonce=\"{0}\">{{}}</script></head>"
            + "<body><article class=\"comment\">{1}</article><script src=\"/_framework/blazor.web.js\"></script></body></html>";
        var baseline = ExecutableContent.SignaturesOf(ExecutableContent.Parse(string.Format(null, Page, "first", "Hello")));

        // Another response of the same page differs only in its nonce: nothing beyond the baseline.
        ExecutableContent.AssertNoneBeyond(ExecutableContent.Parse(string.Format(null, Page, "second", "Hello")), baseline, "The same page");

        // Text that escaped its region is still found, even when it copies one of the app's own scripts.
        Assert.ThrowsAny<XunitException>(() => ExecutableContent.AssertNoneBeyond(
            ExecutableContent.Parse(string.Format(null, Page, "third", "</article><img src=x onerror=alert(1)>")), baseline, "A page with a hostile comment"));
        Assert.ThrowsAny<XunitException>(() => ExecutableContent.AssertNoneBeyond(
            ExecutableContent.Parse(string.Format(null, Page, "fourth", "<script src=\"/_framework/blazor.web.js?x\"></script>")), baseline, "A page with a copied script"));
    }

    [Fact]
    public async Task ThePageChecksCatchABodyStoredWithoutSanitizing()
    {
        var threadId = IdOf(await forum.StartThreadAsync("A thread with broken comments", "Replies below."));
        var inCard = IdOf(await forum.CommentAsync(threadId, "Harmless for now."));
        var escaping = IdOf(await forum.CommentAsync(threadId, "Harmless as well."));
        await forum.OverwriteBodyHtmlAsync(inCard, "<img src=x onerror=alert(1)>");
        await forum.OverwriteBodyHtmlAsync(escaping, "</div></div></article></div></section><script>alert('escaped')</script>");

        var page = await forum.GetPageAsync($"/t/{threadId}");

        Assert.ThrowsAny<XunitException>(() => ExecutableContent.AssertNone(page.QuerySelector($"article#c{inCard}"), "A card with an unsanitized body"));
        var beyondBaseline = ExecutableContent.Find(page).Where(finding => !forum.ThreadPageBaseline.Contains(finding.Signature)).ToList();
        Assert.Contains(beyondBaseline, finding => finding.Element.LocalName == "script" && finding.Element.TextContent.Contains("escaped", StringComparison.Ordinal));
        Assert.Contains(beyondBaseline, finding => finding.Element.LocalName == "img");
    }

    [Fact]
    public void EveryVectorThatIsHtmlIsExecutableUntilSanitized()
    {
        // The checker would notice each HTML vector if it reached a page as written. Those it does not flag are
        // dangerous only once rendered as markdown, decoded a second time or stripped of "<script>" by a naive
        // filter, or in browsers long gone (conditional comments).
        string[] inertAsWritten =
        [
            "script-nested-split", "script-entity-in-name", "script-in-xmp", "script-in-conditional-comment", "script-in-cdata", "break-attribute-handler",
            "break-attribute-handler-single", "break-attribute-autofocus", "md-link-javascript",
            "md-link-javascript-upper", "md-link-javascript-leading-spaces", "md-link-javascript-newline",
            "md-link-javascript-angle-brackets", "md-link-javascript-with-title", "md-link-javascript-percent-encoded",
            "md-link-javascript-comment-newline", "md-link-decimal-entity", "md-link-hex-entity", "md-link-tab-entity",
            "md-link-colon-entity", "md-link-decimal-colon-entity", "md-link-vbscript", "md-link-data", "md-image-javascript",
            "md-image-attribute-break", "md-image-svg-data", "md-image-in-javascript-link", "md-reference-link",
            "md-reference-link-angle-title", "md-shortcut-reference", "md-autolink-javascript", "md-autolink-quote",
            "md-autolink-mailto-quote", "md-bare-javascript", "md-bare-www-quote", "md-link-title-quote-unclosed",
            "md-link-title-quote", "md-link-title-single-quote", "md-link-fragment-attribute-break",
            "entity-lt-gt", "entity-double-encoded", "entity-decimal", "entity-hex", "entity-padded-no-semicolon",
            "javascript-escapes", "percent-encoded", "fullwidth-brackets", "utf7",
        ];

        var unflagged = XssVectors.All
            .Where(vector => ExecutableContent.Find(ExecutableContent.ParseFragment(vector.Text)).Count == 0)
            .Select(vector => vector.Name)
            .ToList();

        Assert.True(
            unflagged.ToHashSet().SetEquals(inertAsWritten),
            $"Not flagged although expected: {string.Join(", ", unflagged.Except(inertAsWritten))}\n"
            + $"Flagged although expected inert: {string.Join(", ", inertAsWritten.Except(unflagged))}");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void SeededPlainTextAndTheMarkdownPreviewAreInert(string name)
    {
        // Seeded bodies go through the plain-text formatter; the reply editor's preview through the markdown renderer.
        var text = XssVectors.Named(name).Text;

        AssertInertHtml(PlainTextFormatter.ToHtml(text), $"The plain-text rendering of '{name}'");
        AssertInertHtml(new MarkdownRenderer().ToHtml(text), $"The markdown preview of '{name}'");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task CommentBodyIsInertInTheApiAndOnTheThreadPage(string name)
    {
        var batch = await CommentsAsync(BatchOf(name));
        var comment = batch.Records[name];

        AssertInertHtml(comment.GetProperty("bodyHtml").GetString(), $"The API's bodyHtml for '{name}'");
        var card = batch.Pages["thread"].QuerySelector($"article#c{IdOf(comment)}");
        Assert.NotNull(card?.QuerySelector(".comment-text"));
        ExecutableContent.AssertNone(card, $"The comment '{name}' on its thread page");
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task AThreadPageOfHostileCommentsHoldsOnlyTheAppsOwnScripts(int number)
    {
        var batch = await CommentsAsync(number);
        var page = batch.Pages["thread"];

        Assert.Equal(batch.Vectors.Count, page.QuerySelectorAll("article.comment").Length);
        ExecutableContent.AssertNone(page.QuerySelector(".comment-tree"), $"The comment tree of batch {number}");
        ExecutableContent.AssertNoneBeyond(page, forum.ThreadPageBaseline, $"The thread page of batch {number}");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task EditedCommentBodyIsInertInTheApiAndOnTheThreadPage(string name)
    {
        var batch = await EditedCommentsAsync(BatchOf(name));
        var comment = batch.Records[name];

        AssertInertHtml(comment.GetProperty("bodyHtml").GetString(), $"The API's bodyHtml after editing to '{name}'");
        var card = batch.Pages["thread"].QuerySelector($"article#c{IdOf(comment)}");
        Assert.NotNull(card?.QuerySelector("[data-testid='edited-marker']"));
        ExecutableContent.AssertNone(card, $"The comment edited to '{name}' on its thread page");
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task AThreadPageOfHostileEditsHoldsOnlyTheAppsOwnScripts(int number)
    {
        var batch = await EditedCommentsAsync(number);
        var page = batch.Pages["thread"];

        Assert.Equal(batch.Vectors.Count, page.QuerySelectorAll("article.comment [data-testid='edited-marker']").Length);
        ExecutableContent.AssertNoneBeyond(page, forum.ThreadPageBaseline, $"The thread page of edited batch {number}");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task ThreadTitleAndArticleAreInertOnTheThreadPageAndTheHomePage(string name)
    {
        var batch = await ThreadsAsync(BatchOf(name));
        var thread = batch.Records[name];
        var expectedTitle = XssVectors.Named(name).Text.ReplaceLineEndings(" ").Trim();

        Assert.Equal(expectedTitle, thread.GetProperty("title").GetString());
        var page = batch.Pages[name];
        var title = page.QuerySelector("h1.thread-title");
        Assert.Equal(expectedTitle, title?.TextContent.Trim());
        ExecutableContent.AssertNone(title, $"The title '{name}' on its thread page");
        ExecutableContent.AssertNone(page.QuerySelector(".thread-article .article-body"), $"The article '{name}' on its thread page");
        ExecutableContent.AssertNoneBeyond(page, forum.ThreadPageBaseline, $"The thread page titled '{name}'");

        var row = batch.Pages.Where(p => p.Key == "home" || p.Key.StartsWith(HomeSnapshot, StringComparison.Ordinal))
            .Select(p => p.Value.QuerySelector($"li.thread-row[data-thread-id='{IdOf(thread)}']"))
            .FirstOrDefault(r => r is not null);
        Assert.Equal(expectedTitle, row?.QuerySelector(".thread-link")?.TextContent.Trim());
        ExecutableContent.AssertNone(row, $"The title '{name}' on the home page");
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task TheHomePageOfHostileTitlesHoldsOnlyTheAppsOwnScripts(int number)
    {
        var batch = await ThreadsAsync(number);
        var home = batch.Pages["home"];

        ExecutableContent.AssertNone(home.QuerySelector("ol.thread-list"), $"The thread list after batch {number}");
        ExecutableContent.AssertNoneBeyond(home, forum.HomePageBaseline, $"The home page after batch {number}");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task AHostileDisplayNameIsRefusedOrShownInert(string name)
    {
        var displayName = XssVectors.Named(name).Text;
        var email = $"name-{Guid.NewGuid():N}@example.test";

        var registered = await forum.SendAsync(HttpMethod.Post, "/api/auth/register", null, new { displayName, email, password = StoredXssForum.Password });

        if (registered.Status == HttpStatusCode.BadRequest)
        {
            registered.ExpectFieldError("displayName");
            return;
        }

        var member = await forum.LogInAsync(registered.Expect(HttpStatusCode.Created).GetProperty("id").GetInt64(), displayName, email);
        var threadId = IdOf(await forum.StartThreadAsync("A thread by a newcomer", "Hello.", member));
        var comment = await forum.CommentAsync(threadId, "Hello again.", member);
        var page = await forum.GetPageAsync($"/t/{threadId}");
        ExecutableContent.AssertNone(page.QuerySelector(".thread-article .byline"), $"The display name '{name}' in a byline");
        ExecutableContent.AssertNone(page.QuerySelector($"article#c{IdOf(comment)}"), $"The display name '{name}' on a comment");
        ExecutableContent.AssertNoneBeyond(page, forum.ThreadPageBaseline, $"A thread page by '{name}'");
        var home = await forum.GetPageAsync("/");
        ExecutableContent.AssertNone(home.QuerySelector($"li.thread-row[data-thread-id='{threadId}']"), $"The display name '{name}' on the home page");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task RemovalReasonIsInertOnTheTombstone(string name)
    {
        var batch = await RemovalsAsync(BatchOf(name));
        var card = batch.Pages["thread"].QuerySelector($"article#c{IdOf(batch.Records[name])}");

        Assert.Equal($"Reason: {XssVectors.Named(name).Text.Trim()}", card?.QuerySelector(".tombstone .reason")?.TextContent);
        ExecutableContent.AssertNone(card, $"The tombstone with the reason '{name}'");
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task AThreadPageOfHostileRemovalReasonsHoldsOnlyTheAppsOwnScripts(int number)
    {
        var batch = await RemovalsAsync(number);
        var page = batch.Pages["thread"];

        Assert.Equal(batch.Vectors.Count, page.QuerySelectorAll("article.comment .tombstone .reason").Length);
        ExecutableContent.AssertNoneBeyond(page, forum.ThreadPageBaseline, $"The thread page of removal batch {number}");
    }

    private static int BatchOf(string name) => XssVectors.IndexOf(name) / BatchSize;

    private static long IdOf(JsonElement record) => record.GetProperty("id").GetInt64();

    private static long ThreadOf(JsonElement comment) => comment.GetProperty("threadId").GetInt64();

    private static long ThreadOf(HostileBatch comments) => ThreadOf(comments.Records.Values.First());

    private static void AssertInertHtml(string? html, string where)
    {
        Assert.NotNull(html);
        ExecutableContent.AssertNone(ExecutableContent.ParseFragment(html!), where);
    }

    private Task<HostileBatch> CommentsAsync(int number) => forum.BatchAsync("comments", number, async vectors =>
    {
        var threadId = IdOf(await forum.StartThreadAsync($"Hostile comments, batch {number}", "Replies below."));
        var records = new Dictionary<string, JsonElement>();
        foreach (var vector in vectors)
        {
            records[vector.Name] = await forum.CommentAsync(threadId, vector.Text);
        }

        return new HostileBatch(vectors, records, new Dictionary<string, IDocument> { ["thread"] = await forum.GetPageAsync($"/t/{threadId}") });
    });

    // The hostile comments, once their page is read, are each edited into the next vector of the batch (an edit to
    // the same text would change nothing), so the edited text always differs from the text first posted.
    private Task<HostileBatch> EditedCommentsAsync(int number) => forum.BatchAsync("edits", number, async vectors =>
    {
        var posted = await CommentsAsync(number);
        var records = new Dictionary<string, JsonElement>();
        for (var index = 0; index < vectors.Count; index++)
        {
            var comment = posted.Records[vectors[(index + 1) % vectors.Count].Name];
            records[vectors[index].Name] = await forum.EditAsync(ThreadOf(comment), IdOf(comment), vectors[index].Text);
        }

        return new HostileBatch(vectors, records, new Dictionary<string, IDocument> { ["thread"] = await forum.GetPageAsync($"/t/{ThreadOf(posted)}") });
    });

    private Task<HostileBatch> ThreadsAsync(int number) => forum.BatchAsync("threads", number, async vectors =>
    {
        var records = new Dictionary<string, JsonElement>();
        var pages = new Dictionary<string, IDocument>();
        for (var index = 0; index < vectors.Count; index++)
        {
            var vector = vectors[index];
            records[vector.Name] = await forum.StartThreadAsync(vector.Text, vector.Text);
            pages[vector.Name] = await forum.GetPageAsync($"/t/{IdOf(records[vector.Name])}");

            // The home page shows its first screen of threads only: it is read while this batch's are still on it.
            if (index % 10 == 9 && index < vectors.Count - 1)
            {
                pages[$"{HomeSnapshot}{index / 10}"] = await forum.GetPageAsync("/");
            }
        }

        pages["home"] = await forum.GetPageAsync("/");
        return new HostileBatch(vectors, records, pages);
    });

    // After the edits, each comment is removed with the vector it was edited into as the public reason.
    private Task<HostileBatch> RemovalsAsync(int number) => forum.BatchAsync("removals", number, async vectors =>
    {
        var edited = await EditedCommentsAsync(number);
        foreach (var vector in vectors)
        {
            await forum.RemoveAsync(IdOf(edited.Records[vector.Name]), vector.Text);
        }

        return edited with { Pages = new Dictionary<string, IDocument> { ["thread"] = await forum.GetPageAsync($"/t/{ThreadOf(edited)}") } };
    });
}
