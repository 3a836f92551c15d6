using System.Globalization;

namespace ForumApp.Components.Shared;

/// <summary>"3 minutes ago" wording for a UTC moment, and the exact forms shown beside it.</summary>
public static class RelativeTimeText
{
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
            return Ago((int)elapsed.TotalMinutes, "minute");
        }

        if (elapsed < TimeSpan.FromDays(1))
        {
            return Ago((int)elapsed.TotalHours, "hour");
        }

        if (elapsed < TimeSpan.FromDays(30))
        {
            return Ago((int)elapsed.TotalDays, "day");
        }

        if (elapsed < TimeSpan.FromDays(365))
        {
            return Ago((int)(elapsed.TotalDays / 30), "month");
        }

        return Ago((int)(elapsed.TotalDays / 365), "year");
    }

    /// <summary>The machine-readable value of a <c>time</c> element's datetime attribute.</summary>
    public static string Iso(DateTime utc) =>
        AsUtc(utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The exact time, shown on hover.</summary>
    public static string Absolute(DateTime utc) =>
        AsUtc(utc).ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Ago(int count, string unit) => $"{Quantity.Of(count, unit)} ago";

    // Times are stored as UTC; a value read back without its kind is still UTC.
    private static DateTime AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
