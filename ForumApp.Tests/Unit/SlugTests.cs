using ForumApp.Features.Threads;

namespace ForumApp.Tests.Unit;

public sealed class SlugTests
{
    [Fact]
    public void TurnsTheSeedTitleIntoAReadableSlug()
    {
        Assert.Equal(
            "xiaomi-is-no-longer-designated-as-a-communist-chinese-military-company",
            Slug.FromTitle("Xiaomi is no longer designated as a 'Communist Chinese Military Company'."));
    }

    [Theory]
    [InlineData("Café Crème Brûlée", "cafe-creme-brulee")]
    [InlineData("Ångström über naïve", "angstrom-uber-naive")]
    [InlineData("ÉCOLE", "ecole")]
    [InlineData("Straße", "strasse")]
    [InlineData("Øresund Łódź", "oresund-lodz")]
    public void RemovesAccents(string title, string expected)
    {
        Assert.Equal(expected, Slug.FromTitle(title));
    }

    [Theory]
    [InlineData("Xiaomi's phones", "xiaomis-phones")]
    [InlineData("Xiaomi’s phones", "xiaomis-phones")]
    [InlineData("Don't stop", "dont-stop")]
    public void DropsApostrophesWithoutAddingAHyphen(string title, string expected)
    {
        Assert.Equal(expected, Slug.FromTitle(title));
    }

    [Theory]
    [InlineData("  Hello,   World!!  ", "hello-world")]
    [InlineData("--a__b--", "a-b")]
    [InlineData("5G & 14.1% market share", "5g-14-1-market-share")]
    [InlineData("Samsung – Apple", "samsung-apple")]
    public void CollapsesEverythingElseIntoSingleHyphens(string title, string expected)
    {
        Assert.Equal(expected, Slug.FromTitle(title));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!! ??? ---")]
    [InlineData("'’")]
    [InlineData("中文标题")]
    public void FallsBackToThreadWhenNothingIsLeft(string title)
    {
        Assert.Equal("thread", Slug.FromTitle(title));
    }

    [Fact]
    public void CapsTheLengthAtAWordBoundary()
    {
        var title = string.Join(' ', Enumerable.Repeat("word", 30));

        var slug = Slug.FromTitle(title);

        Assert.True(slug.Length <= 80, $"Slug is {slug.Length} characters long.");
        Assert.Equal(string.Join('-', Enumerable.Repeat("word", 16)), slug);
    }

    [Fact]
    public void KeepsExactlyEightyCharactersWhenTheCutFallsOnAHyphen()
    {
        var title = new string('a', 80) + " tail";

        Assert.Equal(new string('a', 80), Slug.FromTitle(title));
    }

    [Fact]
    public void CutsASingleOverlongWordHard()
    {
        Assert.Equal(new string('x', 80), Slug.FromTitle(new string('x', 200)));
    }

    [Fact]
    public void NeverEndsWithAHyphenAfterTruncation()
    {
        var title = new string('a', 79) + " b c d e";

        var slug = Slug.FromTitle(title);

        Assert.Equal(new string('a', 79), slug);
        Assert.False(slug.EndsWith('-'));
    }
}
