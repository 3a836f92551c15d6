namespace ForumApp.Features.Votes;

/// <summary>
/// The "best" rank: the lower bound of the Wilson score interval (95%) of the share of up votes. A comment with
/// few votes ranks low until more agree, so 1 up of 1 does not beat 90 up of 100.
/// </summary>
public static class WilsonScore
{
    private const double Z = 1.959963984540054;

    public static double LowerBound(int up, int down)
    {
        var n = up + down;
        if (n <= 0 || up <= 0)
        {
            return 0;
        }

        var p = (double)up / n;
        var z2 = Z * Z;
        return (p + (z2 / (2 * n)) - (Z * Math.Sqrt(((p * (1 - p)) + (z2 / (4 * n))) / n))) / (1 + (z2 / n));
    }
}
