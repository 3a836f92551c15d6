using System.Globalization;

namespace ForumApp.Benchmarks.Clients;

// Public, as the headless client is, so the tests check the arithmetic without running a benchmark.

/// <summary>
/// What one posting phase of the cross-check cost the server, everything included (posting, delivery to whoever
/// watches, and the background meanwhile): the background is the same in every phase of a round and cancels in the
/// differences to the phase nobody watched. <see cref="OtherCores"/> is what every other process on the machine used
/// meanwhile: a process's CPU time per unit of work grows when it competes for the cores, so a round where it
/// differs between phases is suspect.
/// </summary>
public sealed record PhaseCost(int Comments, double ServerCpuSeconds, long AllocatedBytes, double Seconds = 0, long Missing = 0, double OtherCores = 0)
{
    public double CpuMsPerComment => Comments == 0 ? double.NaN : ServerCpuSeconds * 1000 / Comments;

    public double AllocatedKbPerComment => Comments == 0 ? double.NaN : AllocatedBytes / 1024.0 / Comments;
}

/// <summary>
/// One round of the cross-check: the same number of comments posted to a thread nobody has open, to one K headless
/// circuits watch and to one K Chromium pages watch, back to back on one instance; what a page adds per comment is
/// the phase's cost minus the round's own "nobody" phase, over K.
/// </summary>
public sealed record CrossCheckRound(int Round, int Pages, PhaseCost Nobody, PhaseCost Headless, PhaseCost Chromium)
{
    /// <summary>Server CPU per headless circuit per comment, in microseconds.</summary>
    public double HeadlessUs => PerPageUs(Headless);

    /// <summary>Server CPU per Chromium page per comment, in microseconds.</summary>
    public double ChromiumUs => PerPageUs(Chromium);

    /// <summary>
    /// Not a figure when the Chromium pages cost nothing above the round's "nobody" phase: the CPU meter moves in
    /// 10 ms steps, and at 10 pages a round's difference can come out as zero or below.
    /// </summary>
    public double CpuRatio => ChromiumUs > 0 ? HeadlessUs / ChromiumUs : double.NaN;

    /// <summary>Bytes the server allocated per headless circuit per comment, in KB: unlike CPU, not moved by other load.</summary>
    public double HeadlessKb => PerPageKb(Headless);

    public double ChromiumKb => PerPageKb(Chromium);

    public double AllocatedRatio => HeadlessKb / ChromiumKb;

    public string Text =>
        $"per comment nobody {Nobody.CpuMsPerComment:0.00} ms, headless {Headless.CpuMsPerComment:0.00} ms, Chromium {Chromium.CpuMsPerComment:0.00} ms; " +
        $"per page per comment headless {HeadlessUs:0.0} µs, Chromium {ChromiumUs:0.0} µs ({CpuRatio:0.00}×); " +
        $"allocated per page per comment headless {HeadlessKb:0.00} KB, Chromium {ChromiumKb:0.00} KB ({AllocatedRatio:0.00}×); " +
        $"other processes {Nobody.OtherCores:0.00}, {Headless.OtherCores:0.00}, {Chromium.OtherCores:0.00} cores";

    private double PerPageUs(PhaseCost watched) => (watched.CpuMsPerComment - Nobody.CpuMsPerComment) * 1000 / Pages;

    private double PerPageKb(PhaseCost watched) => (watched.AllocatedKbPerComment - Nobody.AllocatedKbPerComment) / Pages;
}

/// <summary>The median of a figure over the rounds, with its lowest and highest value (NaN rounds left out).</summary>
public sealed record Spread(double Median, double Min, double Max, int Count)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Spread(double.NaN, double.NaN, double.NaN, 0);
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Length);
    }

    public string Text(string format, string unit = "") =>
        $"{Median.ToString(format, CultureInfo.InvariantCulture)}{unit} ({Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)}{unit})";
}

/// <summary>The cross-check's figures over all its rounds: medians and spreads of every per-round figure.</summary>
public sealed record CrossCheckSummary(IReadOnlyList<CrossCheckRound> Rounds)
{
    public Spread NobodyMs => Spread.Of(Rounds.Select(r => r.Nobody.CpuMsPerComment));

    public Spread HeadlessMs => Spread.Of(Rounds.Select(r => r.Headless.CpuMsPerComment));

    public Spread ChromiumMs => Spread.Of(Rounds.Select(r => r.Chromium.CpuMsPerComment));

    public Spread HeadlessUs => Spread.Of(Rounds.Select(r => r.HeadlessUs));

    public Spread ChromiumUs => Spread.Of(Rounds.Select(r => r.ChromiumUs));

    /// <summary>
    /// The median of each round's ratio, not the ratio of the medians: a round compares phases measured a minute
    /// apart, so the background they share cancels within it.
    /// </summary>
    public Spread CpuRatio => Spread.Of(Rounds.Select(r => r.CpuRatio));

    public Spread HeadlessKb => Spread.Of(Rounds.Select(r => r.HeadlessKb));

    public Spread ChromiumKb => Spread.Of(Rounds.Select(r => r.ChromiumKb));

    public Spread AllocatedRatio => Spread.Of(Rounds.Select(r => r.AllocatedRatio));

    /// <summary>Cores other processes used during the phases: how much the CPU figures competed with.</summary>
    public Spread OtherCores => Spread.Of(Rounds.SelectMany(r => new[] { r.Nobody, r.Headless, r.Chromium }).Select(p => p.OtherCores));

    /// <summary>The goal: the headless client costs the server per page per comment within this share of what a browser costs.</summary>
    public bool Within(double share) => Math.Abs(CpuRatio.Median - 1) <= share;
}
