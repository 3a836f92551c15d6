using ForumApp.Benchmarks.Clients;

namespace ForumApp.Tests.Benchmarks;

/// <summary>
/// The cross-check's arithmetic: what a page adds per comment is taken against the phase nobody watched in the
/// same round, and the report's figure is the median of the rounds, so one round on a noisy background neither
/// moves it nor hides.
/// </summary>
public sealed class CrossCheckSummaryTests
{
    [Fact]
    public void APageCostsItsPhaseMinusTheSameRoundsUnwatchedPhaseOverThePages()
    {
        // 10 pages, 50 comments: nobody 0.5 s of CPU (10 ms per comment), headless 0.6 s (12 ms), Chromium 0.55 s (11 ms).
        var round = Round(1, nobodyMs: 10, headlessMs: 12, chromiumMs: 11);

        Assert.Equal(200, round.HeadlessUs, precision: 6);
        Assert.Equal(100, round.ChromiumUs, precision: 6);
        Assert.Equal(2, round.CpuRatio, precision: 6);
    }

    [Fact]
    public void AllocatedBytesPerPageAreComparedTheSameWay()
    {
        var round = Round(1, 10, 12, 11, nobodyKb: 100, headlessKb: 350, chromiumKb: 300);

        Assert.Equal(25, round.HeadlessKb, precision: 6);
        Assert.Equal(20, round.ChromiumKb, precision: 6);
        Assert.Equal(1.25, round.AllocatedRatio, precision: 6);
    }

    [Fact]
    public void TheFigureIsTheMedianOfTheRoundsWithTheLowestAndHighest()
    {
        var summary = new CrossCheckSummary(
        [
            Round(1, nobodyMs: 10, headlessMs: 11, chromiumMs: 11),   // 1.0×
            Round(2, nobodyMs: 14, headlessMs: 14.5, chromiumMs: 16), // 0.25×: the background rose between phases
            Round(3, nobodyMs: 9, headlessMs: 10.1, chromiumMs: 10),  // 1.1×
        ]);

        Assert.Equal(1.0, summary.CpuRatio.Median, precision: 6);
        Assert.Equal(0.25, summary.CpuRatio.Min, precision: 6);
        Assert.Equal(1.1, summary.CpuRatio.Max, precision: 6);
        Assert.True(summary.Within(0.25));
        Assert.Equal(10, summary.NobodyMs.Median, precision: 6);
    }

    [Fact]
    public void ARoundWhoseBrowserPagesCostNothingMeasurableGivesNoRatioAndIsLeftOut()
    {
        var summary = new CrossCheckSummary(
        [
            Round(1, nobodyMs: 15.4, headlessMs: 18, chromiumMs: 15.4), // the meter's 10 ms steps: no difference at all
            Round(2, nobodyMs: 10, headlessMs: 10.9, chromiumMs: 9.8),  // below the round's own "nobody"
            Round(3, nobodyMs: 10, headlessMs: 11, chromiumMs: 11),     // 1.0×
        ]);

        Assert.True(double.IsNaN(summary.Rounds[0].CpuRatio));
        Assert.True(double.IsNaN(summary.Rounds[1].CpuRatio));
        Assert.Equal(1, summary.CpuRatio.Count);
        Assert.Equal(1.0, summary.CpuRatio.Max, precision: 6);
    }

    [Fact]
    public void AnEvenNumberOfRoundsTakesTheMiddleTwoAndLeavesOutEmptyRounds()
    {
        var spread = Spread.Of([4, 1, double.NaN, 3, 2]);

        Assert.Equal(2.5, spread.Median, precision: 6);
        Assert.Equal(4, spread.Count);
    }

    private static CrossCheckRound Round(int round, double nobodyMs, double headlessMs, double chromiumMs,
        double nobodyKb = 100, double headlessKb = 100, double chromiumKb = 100) =>
        new(round, 10, Phase(nobodyMs, nobodyKb), Phase(headlessMs, headlessKb), Phase(chromiumMs, chromiumKb));

    private static PhaseCost Phase(double msPerComment, double kbPerComment) =>
        new(50, msPerComment * 50 / 1000, (long)(kbPerComment * 1024 * 50));
}
