using ForumApp.Features.Accounts;

namespace ForumApp.Tests.Accounts;

/// <summary>The short memory of token families found standing must never outlive an ending it could know of.</summary>
public sealed class StandingTokenFamiliesTests
{
    private readonly SteppedTimestamps _time = new();

    [Fact]
    public void AFamilyIsRememberedForItsLifetimeOnly()
    {
        var standing = new StandingTokenFamilies(_time);
        standing.Remember(1, "family", standing.Endings);
        Assert.True(standing.IsStanding(1, "family"));

        _time.Advance(StandingTokenFamilies.Lifetime);

        Assert.False(standing.IsStanding(1, "family"));
    }

    [Fact]
    public void AFamilyEndedWhileItWasBeingLookedUpIsNotRemembered()
    {
        var standing = new StandingTokenFamilies(_time);
        var endingsBefore = standing.Endings;

        // The lookup read the row; meanwhile the family ended (and its entries were forgotten).
        standing.Forget(1, "family");
        standing.Remember(1, "family", endingsBefore);

        Assert.False(standing.IsStanding(1, "family"));
    }

    [Fact]
    public void EndingOneFamilyForgetsOnlyItAndEndingAllForgetsOnlyThatAccount()
    {
        var standing = new StandingTokenFamilies(_time);
        foreach (var (user, family) in new[] { (1L, "a"), (1L, "b"), (2L, "a") })
        {
            standing.Remember(user, family, standing.Endings);
        }

        standing.Forget(1, "a");
        Assert.False(standing.IsStanding(1, "a"));
        Assert.True(standing.IsStanding(1, "b"));

        standing.Forget(1);
        Assert.False(standing.IsStanding(1, "b"));
        Assert.True(standing.IsStanding(2, "a"));
    }

    /// <summary>A monotonic clock the test moves (the suite's TestClock moves wall time only).</summary>
    private sealed class SteppedTimestamps : TimeProvider
    {
        private long _timestamp = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _timestamp;

        public void Advance(TimeSpan by) => _timestamp += by.Ticks;
    }
}
