using System.Threading.RateLimiting;
using ForumApp.Features.Accounts;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Comments;

/// <summary>Bound from "Forum:RateLimits". Benchmark and load tools raise these explicitly.</summary>
public sealed class PostingLimitOptions
{
    public int CommentsPerMinute { get; set; } = 6;
    public int NewAccountCommentsPerMinute { get; set; } = 2;
    public TimeSpan NewAccountAge { get; set; } = TimeSpan.FromDays(1);
    public int ThreadsPerHour { get; set; } = 3;

    /// <summary>Links a comment of a new account may hold: spam accounts are new, and spam is links.</summary>
    public int NewAccountMaxLinks { get; set; } = 2;
}

/// <summary>
/// Per-member posting limits, enforced inside the services so that every entry point (page, HTTP API, hub)
/// shares one budget. ASP.NET's rate-limiting middleware cannot do this: it never sees Blazor events.
/// </summary>
public sealed class PostingLimits : IDisposable
{
    private readonly PartitionedRateLimiter<(long UserId, string Kind)> _limiter;
    private readonly PostingLimitOptions _options;

    public PostingLimits(IOptions<PostingLimitOptions> options)
    {
        _options = options.Value;
        _limiter = PartitionedRateLimiter.Create<(long UserId, string Kind), (long UserId, string Kind)>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, k => BucketFor(k.Kind)));
    }

    /// <summary>Null when the member may post now; otherwise how long to wait.</summary>
    public TimeSpan? TryTakeComment(ForumActor actor, DateTime now) =>
        TryTake(actor.Id, now - actor.CreatedAt < _options.NewAccountAge ? "new-comment" : "comment");

    public TimeSpan? TryTakeThread(ForumActor actor) => TryTake(actor.Id, "thread");

    /// <summary>Null when the links are acceptable; otherwise what to tell the member.</summary>
    public string? CheckLinks(ForumActor actor, DateTime now, string renderedHtml)
    {
        if (now - actor.CreatedAt >= _options.NewAccountAge)
        {
            return null;
        }

        var links = CountLinks(renderedHtml);
        return links > _options.NewAccountMaxLinks
            ? $"New accounts can post at most {_options.NewAccountMaxLinks} links in a comment during their first day (this one has {links})."
            : null;
    }

    // Counted in the rendered HTML, so markdown links, autolinks and bare URLs all count the same.
    private static int CountLinks(string html)
    {
        var count = 0;
        for (var index = html.IndexOf("<a ", StringComparison.Ordinal); index >= 0; index = html.IndexOf("<a ", index + 3, StringComparison.Ordinal))
        {
            count++;
        }

        // Mentions link to members' pages here, not out to the web: they are not what this limit is for.
        var mentions = 0;
        const string mention = "class=\"" + Formatting.MentionLinks.CssClass + "\"";
        for (var index = html.IndexOf(mention, StringComparison.Ordinal); index >= 0; index = html.IndexOf(mention, index + 1, StringComparison.Ordinal))
        {
            mentions++;
        }

        return count - mentions;
    }

    private TimeSpan? TryTake(long userId, string kind)
    {
        using var lease = _limiter.AttemptAcquire((userId, kind));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    private TokenBucketRateLimiterOptions BucketFor(string kind)
    {
        var (permits, period) = kind switch
        {
            "comment" => (_options.CommentsPerMinute, TimeSpan.FromMinutes(1)),
            "new-comment" => (_options.NewAccountCommentsPerMinute, TimeSpan.FromMinutes(1)),
            _ => (_options.ThreadsPerHour, TimeSpan.FromHours(1)),
        };
        permits = Math.Max(1, permits);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = period / permits,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    public static string Describe(TimeSpan retryAfter) =>
        $"You are posting too fast. Try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s.";

    public void Dispose() => _limiter.Dispose();
}
