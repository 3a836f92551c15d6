using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Accounts;

/// <summary>
/// So many attempts per client address per window. Checked in the code that does the work, so a static
/// page's form and the HTTP API draw on one budget (the rate-limiting middleware would answer a page with
/// a bare status instead of the page and its message).
/// </summary>
public class AddressLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    public AddressLimits(int permits, TimeSpan window)
    {
        _window = window;
        _limiter = PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permits),
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Null when the address may go ahead now (and one attempt is counted); otherwise how long to wait.</summary>
    public TimeSpan? TryTake(IPAddress? clientAddress)
    {
        using var lease = _limiter.AttemptAcquire(ClientAddresses.PartitionKey(clientAddress));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _window;
    }

    public static string InWords(TimeSpan wait)
    {
        if (wait < TimeSpan.FromMinutes(1))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return seconds == 1 ? "1 second" : $"{seconds} seconds";
        }

        var minutes = (int)Math.Ceiling(wait.TotalMinutes);
        return minutes == 1 ? "1 minute" : $"{minutes} minutes";
    }

    public void Dispose()
    {
        _limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Log-in attempts per client address per minute, for the log-in page and the API together.</summary>
public sealed class LoginLimits(IOptions<AccountOptions> options)
    : AddressLimits(options.Value.LoginsPerMinutePerAddress, TimeSpan.FromMinutes(1))
{
    public static string Describe(TimeSpan wait) => $"Too many sign-in attempts from your network. Try again in {InWords(wait)}.";
}

/// <summary>Reports per client address per hour, whichever way they come (the thread page or the API).</summary>
public sealed class ReportLimits(IOptions<AccountOptions> options)
    : AddressLimits(options.Value.ReportsPerHourPerAddress, TimeSpan.FromHours(1))
{
    public static string Describe(TimeSpan wait) => $"Too many reports from your network. Try again in {InWords(wait)}.";
}
