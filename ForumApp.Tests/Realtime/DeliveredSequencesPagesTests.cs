using ForumApp.Realtime;

namespace ForumApp.Tests.Realtime;

/// <summary>The instance's one check of its open pages: only a page behind what was delivered a check earlier is nudged.</summary>
public sealed class DeliveredSequencesPagesTests
{
    private const long ThreadId = 7;

    private readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void OnlyAPageBehindWhatWasDeliveredACheckEarlierIsToldToCatchUp()
    {
        using var delivered = new DeliveredSequences(_clock);
        delivered.Track(ThreadId, 10);
        var nudged = new List<string>();
        using var upToDate = delivered.WatchPage(ThreadId, () => 11, () => nudged.Add("up to date"));
        using var behind = delivered.WatchPage(ThreadId, () => 10, () => nudged.Add("behind"));
        using var elsewhere = delivered.WatchPage(ThreadId + 1, () => 0, () => nudged.Add("another thread, never delivered"));
        delivered.Observe(ThreadId, 11);

        // Delivered just now may still be on its way in: the first check only notes it.
        _clock.Advance(DeliveredSequences.PageCheckEvery);
        Assert.Empty(nudged);

        _clock.Advance(DeliveredSequences.PageCheckEvery);
        Assert.Equal(["behind"], nudged);
    }

    [Fact]
    public void AClosedPageIsNotCheckedAndTheInstanceKeepsOneTimerForAllPages()
    {
        using var delivered = new DeliveredSequences(_clock);
        delivered.Track(ThreadId, 10);
        var nudged = 0;
        var pages = Enumerable.Range(0, 100).Select(_ => delivered.WatchPage(ThreadId, () => 10, () => nudged++)).ToList();
        Assert.Equal(1, _clock.PendingTimers);

        delivered.Observe(ThreadId, 11);
        foreach (var page in pages)
        {
            page.Dispose();
        }

        _clock.Advance(DeliveredSequences.PageCheckEvery * 2);
        Assert.Equal(0, nudged);
    }
}
