using Xunit.Sdk;

namespace ForumApp.Tests.Unit;

/// <summary>The suite's own waiting and time helpers: every other test leans on them behaving exactly so.</summary>
public sealed class TestHelpersTests
{
    private static readonly DateTimeOffset _start = new(2031, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task EventuallyReturnsTheFirstValueThatSatisfiesTheCondition()
    {
        var reads = 0;

        var seen = await Eventually.Until(() => Interlocked.Increment(ref reads), n => n >= 3, "the third read");

        Assert.Equal(3, seen);
    }

    [Fact]
    public async Task EventuallyFailsNamingWhatItWaitedForAndTheLastValueItSaw()
    {
        var error = await Assert.ThrowsAsync<XunitException>(() =>
            Eventually.Equal(5, () => 4, "the count reaches five", TimeSpan.FromMilliseconds(50)));

        Assert.Contains("the count reaches five", error.Message);
        Assert.Contains("Last observed: 4", error.Message);
    }

    [Fact]
    public async Task EventuallyAssertFailsWithTheLastAssertionFailure()
    {
        var error = await Assert.ThrowsAsync<XunitException>(() =>
            Eventually.Assert(() => Assert.Equal("ready", "waiting"), TimeSpan.FromMilliseconds(50), "the page is ready"));

        Assert.Contains("the page is ready", error.Message);
        Assert.Contains("waiting", error.Message);
    }

    [Fact]
    public void ManualTimersFireOnlyWhenTheClockIsMovedPastThem()
    {
        var clock = new TestClock(_start);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, fired);

        clock.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(3, fired);
        Assert.Equal(_start.AddSeconds(30), clock.UtcNow);
    }

    [Fact]
    public void SettingTheClockMovesItEitherWayWithoutFiringTimers()
    {
        var clock = new TestClock(_start);
        var fired = false;
        using var timer = clock.CreateTimer(_ => fired = true, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        clock.Set(_start.AddDays(1));
        Assert.Equal(_start.AddDays(1), clock.GetUtcNow());
        clock.Set(_start.AddDays(-1));
        Assert.Equal(_start.AddDays(-1), clock.GetUtcNow());
        Assert.False(fired);
    }

    [Fact]
    public async Task RealTimersFireOnTheirOwnWhileTheDateStaysWhereTheTestSetIt()
    {
        var clock = new TestClock(_start, TestClockTimers.Real);
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = clock.CreateTimer(_ => fired.TrySetResult(), null, TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);

        await fired.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(_start, clock.GetUtcNow());
    }
}
