using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Accounts;

/// <summary>
/// Accounts created per client address per hour, enforced in <see cref="AccountService"/> so the register
/// page and the HTTP API share one budget (the rate-limiting middleware never sees a Blazor form post
/// handled in a component, and would answer the page with a bare status).
/// </summary>
public sealed class RegistrationLimits : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly PartitionedRateLimiter<string> _limiter;

    public RegistrationLimits(IOptions<AccountOptions> options)
    {
        var permits = Math.Max(1, options.Value.RegistrationsPerHourPerAddress);
        _limiter = PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Null when an account may be created from this address now; otherwise how long to wait.</summary>
    public TimeSpan? TryTake(IPAddress? clientAddress)
    {
        using var lease = _limiter.AttemptAcquire(ClientAddresses.PartitionKey(clientAddress));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
    }

    public static string Describe(TimeSpan retryAfter)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
        return $"Too many accounts were created from your network. Try again in {minutes} {(minutes == 1 ? "minute" : "minutes")}.";
    }

    public void Dispose() => _limiter.Dispose();
}
