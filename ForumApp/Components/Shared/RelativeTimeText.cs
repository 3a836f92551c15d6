using System.Globalization;

namespace ForumApp.Components.Shared;

/// <summary>"3 minutes ago" wording for a UTC moment, and the exact forms shown beside it.</summary>
public static class RelativeTimeText
{
    // Every "N units ago" below a year, made once: a long thread's cards would otherwise each keep their own copy.
    private static readonly string[] Minutes = Table(60, "minute");
    private static readonly string[] Hours = Table(24, "hour");
    private static readonly string[] Days = Table(30, "day");
    private static readonly string[] Months = Table(13, "month");

    public static string Describe(DateTime utc, DateTimeOffset now)
    {
        var elapsed = now.UtcDateTime - AsUtc(utc);

        // A moment slightly ahead of this server's clock (another instance's clock, or the seed
        // import's one-second steps) still reads naturally as "just now".
        if (elapsed < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }

        if (elapsed < TimeSpan.FromHours(1))
        {
            return Minutes[(int)elapsed.TotalMinutes];
        }

        if (elapsed < TimeSpan.FromDays(1))
        {
            return Hours[(int)elapsed.TotalHours];
        }

        if (elapsed < TimeSpan.FromDays(30))
        {
            return Days[(int)elapsed.TotalDays];
        }

        if (elapsed < TimeSpan.FromDays(365))
        {
            return Months[Math.Min((int)(elapsed.TotalDays / 30), 12)];
        }

        return Ago((int)(elapsed.TotalDays / 365), "year");
    }

    /// <summary>The machine-readable value of a <c>time</c> element's datetime attribute.</summary>
    public static string Iso(DateTime utc) =>
        AsUtc(utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The exact time, shown on hover.</summary>
    public static string Absolute(DateTime utc) =>
        AsUtc(utc).ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string[] Table(int length, string unit) => Enumerable.Range(0, length).Select(count => Ago(count, unit)).ToArray();

    private static string Ago(int count, string unit) => $"{Quantity.Of(count, unit)} ago";

    // Times are stored as UTC; a value read back without its kind is still UTC.
    private static DateTime AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
