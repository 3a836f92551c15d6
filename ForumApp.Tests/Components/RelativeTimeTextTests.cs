using ForumApp.Components.Shared;

namespace ForumApp.Tests.Components;

public sealed class RelativeTimeTextTests
{
    private static readonly DateTimeOffset _now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(59, "just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(3 * 60 + 5, "3 minutes ago")]
    [InlineData(60 * 60, "1 hour ago")]
    [InlineData(23 * 60 * 60, "23 hours ago")]
    [InlineData(24 * 60 * 60, "1 day ago")]
    [InlineData(45 * 24 * 60 * 60, "1 month ago")]
    [InlineData(800 * 24 * 60 * 60, "2 years ago")]
    public void DescribesElapsedTimeInWords(int secondsAgo, string expected) =>
        Assert.Equal(expected, RelativeTimeText.Describe(_now.UtcDateTime.AddSeconds(-secondsAgo), _now));

    [Fact]
    public void AMomentAheadOfTheClockIsJustNow() =>
        Assert.Equal("just now", RelativeTimeText.Describe(_now.UtcDateTime.AddSeconds(30), _now));

    [Fact]
    public void AnUnspecifiedKindIsReadAsUtc()
    {
        var stored = new DateTime(2026, 3, 1, 9, 30, 0, DateTimeKind.Unspecified);
        Assert.Equal("2026-03-01T09:30:00Z", RelativeTimeText.Iso(stored));
        Assert.Equal("2 hours ago", RelativeTimeText.Describe(stored, _now));
    }
}
