using ForumApp.Seeding;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Unit;

public sealed class SeedParserTests
{
    private const string RealSeedName = "000_f60541067d832028.txt";

    private const string ExpectedArticle =
        "During President Trump's last days in office, the U.S. Department of Defense blacklisted Xiaomi, classifying it as a \"Communist Chinese Military Company\", or CCMC. This could have potentially put the Chinese smartphone maker in the same category as Huawei, meaning it would severely hamper Xiaomi's business in the U.S.\n" +
        "\n" +
        "Xiaomi\u00A0denied the allegations, claiming it is \"not owned, controlled or affiliated with the Chinese military.\" The U.S. government softened its stance soon after Trump left office, saying it would\u00A0stop designating\u00A0Xiaomi as a CCMC in the future.\n" +
        "\n" +
        "Now, the order has been vacated. According to a\u00A0blog post on Xiaomi's website, the U.S. District Court for the District of Columbia issued a final order vacating the U.S. Department of Defense's designation of Xiaomi as a CCMC. This means that all restrictions on U.S. persons' ability to invest in Xiaomi are now formally lifted.\n" +
        "\n" +
        "\"The Company reiterates that it is an open, transparent, publicly traded, independently operated and managed corporation. The Company will continue to provide reliable consumer electronics products and services to users, and to relentlessly build amazing products with honest prices,\" Xiaomi said in a statement.\n" +
        "\n" +
        "\n" +
        "There's\u00A0no word on the fate of Huawei, whose\u00A0business has suffered\u00A0since the company was blacklisted by the U.S. in 2019. Once a global smartphone powerhouse, Huawei is no longer in the top five smartphone makers as of March 2021, according to\u00A0IDC's most recent report. According to that same report, Xiaomi is the world's third largest smartphone maker, with a 14.1% global market share.";

    private static readonly string[] _pageChromeLines = ["ReplyDelete", "Delete", "Replies", "Post a Comment", "Stay informed!"];

    private static readonly Lazy<string> _realSeedText = new(() => File.ReadAllText(RepoPaths.SeedFile(RealSeedName)));

    private static SeedDocument ParseRealSeed() => SeedParser.Parse(_realSeedText.Value);

    [Fact]
    public void KeepsTheRealSeedTitleExactlyIncludingItsFinalPeriod()
    {
        var document = ParseRealSeed();

        Assert.Equal("Xiaomi is no longer designated as a 'Communist Chinese Military Company'.", document.Title);
    }

    [Fact]
    public void KeepsTheRealSeedArticleVerbatimWithoutTheRepeatedHeading()
    {
        var document = ParseRealSeed();

        Assert.Equal(ExpectedArticle, document.Article);
        Assert.StartsWith("During President Trump's last days", document.Article, StringComparison.Ordinal);
        Assert.DoesNotContain("Military Company'\n", document.Article, StringComparison.Ordinal);
        Assert.DoesNotContain("Comments", document.Article, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsTheArticlesFiveParagraphsAndItsDoubleBlankLine()
    {
        var document = ParseRealSeed();

        var paragraphs = document.Article.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(5, paragraphs.Length);
        Assert.Contains("a statement.\n\n\nThere's", document.Article, StringComparison.Ordinal);
    }

    [Fact]
    public void TrimsTrailingNoBreakSpacesButKeepsInnerOnes()
    {
        var document = ParseRealSeed();

        Assert.Contains("Xiaomi\u00A0denied", document.Article, StringComparison.Ordinal);
        Assert.All(
            document.Article.Split('\n'),
            line => Assert.Equal(line.TrimEnd(), line));
    }

    [Fact]
    public void ParsesEveryCommentOfTheRealSeedInOrder()
    {
        var document = ParseRealSeed();

        Assert.Equal(8, document.Comments.Count);
        Assert.Equal([0, 5, 3, 0, 0, 1, 1, 1], document.Comments.Select(comment => comment.Replies.Count));
        Assert.StartsWith("Who’s shocked?", document.Comments[0].Body, StringComparison.Ordinal);
        Assert.StartsWith("\"arbitrary", document.Comments[1].Body, StringComparison.Ordinal);
        Assert.StartsWith("Huawei is a bigger threat", document.Comments[2].Body, StringComparison.Ordinal);
        Assert.StartsWith("As I stated below", document.Comments[3].Body, StringComparison.Ordinal);
        Assert.StartsWith("The issue with Huawei isn’t its phones", document.Comments[4].Body, StringComparison.Ordinal);
        Assert.StartsWith("But I suppose it’s easier", document.Comments[5].Body, StringComparison.Ordinal);
        Assert.StartsWith("I wonder when China", document.Comments[6].Body, StringComparison.Ordinal);
        Assert.StartsWith("The damage has been done", document.Comments[7].Body, StringComparison.Ordinal);
    }

    [Fact]
    public void RepliesInTheRealSeedHaveNoFurtherReplies()
    {
        var document = ParseRealSeed();

        Assert.All(
            document.Comments.SelectMany(comment => comment.Replies),
            reply => Assert.Empty(reply.Replies));
        Assert.Equal(11, document.Comments.Sum(comment => comment.Replies.Count));
    }

    [Fact]
    public void KeepsSingleParagraphCommentsExactly()
    {
        var document = ParseRealSeed();

        Assert.Equal(
            "Who’s shocked? I’m not. It’s so nice to start the long road back to being cozy with a human rights abusing regime like Communist China, isn’t it? Elections have consequences.... just a shame we get such a glossy, rose colored description of those consequences from an obviously biased media.",
            document.Comments[0].Body);
        Assert.Equal("I wonder when China will start removing US Tech companies from their ban within China.", document.Comments[6].Body);
    }

    [Fact]
    public void KeepsParagraphBreaksInsideComments()
    {
        var document = ParseRealSeed();

        Assert.Equal("\"arbitrary and capricious.\"\n\nWelcome to America", document.Comments[1].Body);
        Assert.Equal(3, CountParagraphs(document.Comments[4].Body));
        Assert.Equal(5, CountParagraphs(document.Comments[5].Body));
        Assert.Contains(
            "https://www.techbite.me/post/10-reasons-why-apple-won-t-sue-xiaomi but",
            document.Comments[5].Body,
            StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsASingleLineBreakInsideACommentParagraph()
    {
        var document = ParseRealSeed();

        Assert.Equal(
            "Huawei is a bigger threat to the US.\nHowever not because of security, but due to dominance in 5g where the US has zero footprint…",
            document.Comments[2].Body);
    }

    [Fact]
    public void KeepsRepliesExactlyIncludingMultiParagraphOnes()
    {
        var document = ParseRealSeed();

        Assert.Equal(
            "Boeing, SpaceX, Microsoft, Amazon… We have a lots of American Capitalist military companies. Hence the arbitrary.\n\nWonder why Samsung hasn’t made better QLED camo for it’s tanks.",
            document.Comments[1].Replies[0].Body);
        Assert.Equal("Bold of you to assume capitalism has a a death toll below 1 billion.", document.Comments[1].Replies[2].Body);
        Assert.Equal("So now it’sa conspiracy where Apple sabotaged Huawei?", document.Comments[2].Replies[1].Body);
        Assert.Equal("That would require removal of significant governing ideology.", document.Comments[6].Replies[0].Body);
        Assert.Equal(
            "I doubt the average person has any awareness of Xiaomi as a brand at all, honestly.\n\n" +
            "Does anyone pay attention to the brand of the $129 television from WalMart?\n\n" +
            "Readers of the Verge may be up on all the mobile companies but I suspect most people know Samsung, Apple, and perhaps 1-2 others max.",
            document.Comments[7].Replies[0].Body);
        Assert.Equal(3, CountParagraphs(document.Comments[5].Replies[0].Body));
    }

    [Fact]
    public void LeavesNoPageChromeOrIndentationInAnyBody()
    {
        var document = ParseRealSeed();

        var bodies = AllComments(document.Comments).Select(comment => comment.Body).Prepend(document.Article).ToList();

        Assert.Equal(1 + 8 + 11, bodies.Count);
        Assert.All(bodies, body =>
        {
            Assert.False(string.IsNullOrWhiteSpace(body));
            Assert.Equal(body.Trim(), body);
            foreach (var line in body.Split('\n'))
            {
                Assert.DoesNotContain(line.Trim(), _pageChromeLines);
                Assert.False(line.StartsWith(' '), $"Line still carries indentation: '{line}'");
            }

            Assert.DoesNotContain("ReplyDelete", body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ParsesWindowsLineEndingsToTheSameDocument()
    {
        var unixText = _realSeedText.Value.Replace("\r\n", "\n", StringComparison.Ordinal);
        var windowsText = unixText.Replace("\n", "\r\n", StringComparison.Ordinal);

        var fromUnix = SeedParser.Parse(unixText);
        var fromWindows = SeedParser.Parse(windowsText);

        AssertSameDocument(fromUnix, fromWindows);
        Assert.DoesNotContain(AllComments(fromWindows.Comments), comment => comment.Body.Contains('\r'));
        Assert.DoesNotContain('\r', fromWindows.Article);
    }

    [Fact]
    public void AcceptsACommentsSectionWithoutComments()
    {
        var document = SeedParser.Parse("A title.\n\nA title\n\nJust the article.\n\nComments\n\nPost a Comment\n\nStay informed!\n");

        Assert.Equal("A title.", document.Title);
        Assert.Equal("Just the article.", document.Article);
        Assert.Empty(document.Comments);
    }

    [Fact]
    public void KeepsTheThirdLineAsArticleTextWhenItIsNotTheRepeatedTitle()
    {
        var document = SeedParser.Parse("A title.\n\nThe article starts right away.\n\nComments\n");

        Assert.Equal("The article starts right away.", document.Article);
    }

    [Fact]
    public void NestsRepliesOfRepliesByIndentation()
    {
        const string text =
            "Title.\n\nTitle\n\nArticle.\n\nComments\n\n" +
            "  1. First comment\n" +
            "    continued.\n\n" +
            "    ReplyDelete\n" +
            "    Replies\n" +
            "    1. A reply\n\n" +
            "      Delete\n" +
            "      1. A reply to the reply\n\n" +
            "        second paragraph\n\n" +
            "        Delete\n" +
            "    2. Another reply\n\n" +
            "      Delete\n" +
            "  2. Second comment\n\n" +
            "    ReplyDelete\n";

        var document = SeedParser.Parse(text);

        Assert.Equal(2, document.Comments.Count);
        Assert.Equal("First comment\ncontinued.", document.Comments[0].Body);
        Assert.Equal(["A reply", "Another reply"], document.Comments[0].Replies.Select(reply => reply.Body));
        var nested = Assert.Single(document.Comments[0].Replies[0].Replies);
        Assert.Equal("A reply to the reply\n\nsecond paragraph", nested.Body);
        Assert.Empty(document.Comments[0].Replies[1].Replies);
        Assert.Equal("Second comment", document.Comments[1].Body);
        Assert.Empty(document.Comments[1].Replies);
    }

    [Fact]
    public void KeepsExtraIndentationBeyondTheBlocksOwn()
    {
        var document = SeedParser.Parse("T.\n\nArticle.\n\nComments\n\n  1. Look:\n\n      quoted\n    back\n");

        Assert.Equal("Look:\n\n  quoted\nback", document.Comments[0].Body);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t\n  ")]
    [InlineData("\r\n\r\n")]
    public void RejectsAnEmptyFile(string text)
    {
        var error = Assert.Throws<SeedFormatException>(() => SeedParser.Parse(text));

        Assert.Contains("empty", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(error.LineNumber);
    }

    [Fact]
    public void RejectsAFileWhoseFirstLineIsNotATitle()
    {
        var error = Assert.Throws<SeedFormatException>(() => SeedParser.Parse("\nArticle.\n\nComments\n"));

        Assert.Equal(1, error.LineNumber);
        Assert.Contains("title", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAFileThatStartsWithTheCommentsLine()
    {
        var error = Assert.Throws<SeedFormatException>(() => SeedParser.Parse("Comments\n\n  1. Hello\n"));

        Assert.Equal(1, error.LineNumber);
        Assert.Contains("no title", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAFileWithoutACommentsLine()
    {
        var error = Assert.Throws<SeedFormatException>(() => SeedParser.Parse("Title.\n\nTitle\n\nAn article with no comment section.\n"));

        Assert.Contains("'Comments'", error.Message, StringComparison.Ordinal);
        Assert.Null(error.LineNumber);
    }

    [Fact]
    public void RejectsAnEmptyArticle()
    {
        var error = Assert.Throws<SeedFormatException>(() => SeedParser.Parse("Title.\n\nTitle\n\nComments\n\n  1. Hello\n"));

        Assert.Equal(5, error.LineNumber);
        Assert.Contains("article is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAReplyBeforeAnyComment()
    {
        var error = Assert.Throws<SeedFormatException>(() =>
            SeedParser.Parse("Title.\n\nArticle.\n\nComments\n\n    Replies\n    1. An orphaned reply\n"));

        Assert.Equal(8, error.LineNumber);
        Assert.StartsWith("Line 8:", error.Message, StringComparison.Ordinal);
        Assert.Contains("no comment precedes it", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  1. First\n\n    ReplyDelete\n  2.\n\n    ReplyDelete\n", 10, "comment 2")]
    [InlineData("  1. First\n\n    ReplyDelete\n  2.   \n", 10, "comment 2")]
    [InlineData("  1. First\n    Replies\n    1. Fine\n    2. \n      Delete\n", 10, "comment 1, reply 2")]
    public void RejectsANumberedItemWithAnEmptyBody(string commentsSection, int expectedLine, string expectedItem)
    {
        var error = Assert.Throws<SeedFormatException>(() =>
            SeedParser.Parse("Title.\n\nArticle.\n\nComments\n\n" + commentsSection));

        Assert.Equal(expectedLine, error.LineNumber);
        Assert.Contains(expectedItem, error.Message, StringComparison.Ordinal);
        Assert.Contains("has no text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptsAMarkerWhoseTextStartsOnTheNextLine()
    {
        var document = SeedParser.Parse("Title.\n\nArticle.\n\nComments\n\n  1.\n    Text on the next line.\n");

        Assert.Equal("Text on the next line.", Assert.Single(document.Comments).Body);
    }

    [Fact]
    public void RejectsTrailingTextThatBelongsToNoComment()
    {
        var error = Assert.Throws<SeedFormatException>(() =>
            SeedParser.Parse("Title.\n\nArticle.\n\nComments\n\n  1. First\n\n    ReplyDelete\n\nNewer Post\n"));

        Assert.Equal(11, error.LineNumber);
        Assert.Contains("\"Newer Post\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be attached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsTextBeforeTheFirstComment()
    {
        var error = Assert.Throws<SeedFormatException>(() =>
            SeedParser.Parse("Title.\n\nArticle.\n\nComments\n\n    Stray text\n  1. First\n"));

        Assert.Equal(7, error.LineNumber);
        Assert.Contains("cannot be attached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsCommentTextThatResumesAfterItsReplies()
    {
        var error = Assert.Throws<SeedFormatException>(() =>
            SeedParser.Parse("Title.\n\nArticle.\n\nComments\n\n  1. First\n    1. A reply\n    more of the first comment\n"));

        Assert.Equal(9, error.LineNumber);
        Assert.Contains("comment 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("after its replies", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsLineNumbersCountedOnWindowsLineEndings()
    {
        var error = Assert.Throws<SeedFormatException>(() =>
            SeedParser.Parse("Title.\r\n\r\nArticle.\r\n\r\nComments\r\n\r\n  1. First\r\n\r\nNewer Post\r\n"));

        Assert.Equal(9, error.LineNumber);
    }

    private static int CountParagraphs(string body) =>
        body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;

    private static IEnumerable<SeedComment> AllComments(IEnumerable<SeedComment> comments) =>
        comments.SelectMany(comment => AllComments(comment.Replies).Prepend(comment));

    private static void AssertSameDocument(SeedDocument expected, SeedDocument actual)
    {
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Article, actual.Article);
        AssertSameComments(expected.Comments, actual.Comments);
    }

    private static void AssertSameComments(IReadOnlyList<SeedComment> expected, IReadOnlyList<SeedComment> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var index = 0; index < expected.Count; index++)
        {
            Assert.Equal(expected[index].Body, actual[index].Body);
            AssertSameComments(expected[index].Replies, actual[index].Replies);
        }
    }
}
