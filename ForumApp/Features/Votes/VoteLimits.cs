using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Votes;

/// <summary>Bound from "Forum:RateLimits", beside the posting limits.</summary>
public sealed class VoteLimitOptions
{
    public int VotesPerMinute { get; set; } = 60;
}

/// <summary>
/// A per-member voting budget kept in the service, so the page, the HTTP API and any other entry point share it
/// (ASP.NET's rate limiter never sees a Blazor click).
/// </summary>
public sealed class VoteLimits : IDisposable
{
    private readonly PartitionedRateLimiter<long> _limiter;

    public VoteLimits(IOptions<VoteLimitOptions> options)
    {
        var permits = Math.Max(1, options.Value.VotesPerMinute);
        _limiter = PartitionedRateLimiter.Create<long, long>(userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / permits,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Null when the member may vote now; otherwise how long to wait.</summary>
    public TimeSpan? TryTake(long userId)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public static string Describe(TimeSpan retryAfter) =>
        $"You are voting too fast. Try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s.";

    public void Dispose() => _limiter.Dispose();
}
