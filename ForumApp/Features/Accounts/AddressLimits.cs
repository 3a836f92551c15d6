using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Accounts;

/// <summary>
/// So many attempts per key (a client address, an account) per fixed window. Checked in the code that
/// does the work, so a static page's form and the HTTP API draw on one budget (the rate-limiting
/// middleware would answer a page with a bare status instead of the page and its message).
/// </summary>
public abstract class FixedWindowLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    protected FixedWindowLimits(int permits, TimeSpan window)
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

    /// <summary>Null when the key may go ahead now (and one attempt is counted); otherwise how long to wait.</summary>
    protected TimeSpan? TryTakeKey(string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
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

/// <summary>Attempts per client address (IPv6 by its /64, see <see cref="ClientAddresses"/>).</summary>
public abstract class AddressLimits(int permits, TimeSpan window) : FixedWindowLimits(permits, window)
{
    public TimeSpan? TryTake(IPAddress? clientAddress) => TryTakeKey(ClientAddresses.PartitionKey(clientAddress));
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

/// <summary>Accounts created per client address per hour, the register page and the API together.</summary>
public sealed class RegistrationLimits(IOptions<AccountOptions> options)
    : AddressLimits(options.Value.RegistrationsPerHourPerAddress, TimeSpan.FromHours(1))
{
    // In whole minutes: the window is an hour, seconds would be false precision.
    public static string Describe(TimeSpan wait)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return $"Too many accounts were created from your network. Try again in {minutes} {(minutes == 1 ? "minute" : "minutes")}.";
    }
}

/// <summary>Password-reset requests per client address per hour, whether or not the e-mail belongs to an account.</summary>
public sealed class PasswordResetAddressLimits(IOptions<AccountOptions> options)
    : AddressLimits(options.Value.PasswordResetsPerHourPerAddress, TimeSpan.FromHours(1));

/// <summary>Password-reset mails per account per day, from any number of addresses: nobody fills a member's inbox.</summary>
public sealed class PasswordResetAccountLimits(IOptions<AccountOptions> options)
    : FixedWindowLimits(options.Value.PasswordResetsPerDayPerAccount, TimeSpan.FromDays(1))
{
    public TimeSpan? TryTake(long userId) => TryTakeKey(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
