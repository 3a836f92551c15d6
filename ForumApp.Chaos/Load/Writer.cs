using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ForumApp.Benchmarks.Clients;

namespace ForumApp.Chaos.Load;

/// <summary>A comment the server acknowledged (201, or 200 for a retry it recognised), with the request that made it.</summary>
public sealed record AckedPost(string RequestId, long ThreadId, long CommentId, long Seq, bool Replayed);

/// <summary>What every writer saw; shared, so replies and removals can pick among acknowledged comments.</summary>
public sealed class WriteLog
{
    private long _attempts;
    private long _retried;
    private long _rejected;
    private long _givenUp;

    public ConcurrentQueue<AckedPost> Acked { get; } = new();
    public ConcurrentQueue<string> Rejections { get; } = new();
    public long Attempts => Interlocked.Read(ref _attempts);
    public long Retried => Interlocked.Read(ref _retried);
    public long Rejected => Interlocked.Read(ref _rejected);
    public long GivenUp => Interlocked.Read(ref _givenUp);

    internal void Attempt() => Interlocked.Increment(ref _attempts);
    internal void Retry() => Interlocked.Increment(ref _retried);
    internal void GiveUp() => Interlocked.Increment(ref _givenUp);

    internal void Reject(string why)
    {
        Interlocked.Increment(ref _rejected);
        if (Rejections.Count < 20)
        {
            Rejections.Enqueue(why);
        }
    }
}

/// <summary>
/// A member posting through the HTTP API. Each comment gets a clientRequestId; when a post fails in a way
/// that leaves its fate unknown (connection reset, timeout, 5xx, 429) it is sent again with the same id,
/// to the other instance if there is one, so a retry can never post twice.
/// </summary>
internal sealed class Writer(int index, IReadOnlyList<ForumClient> instances, string token, IReadOnlyList<long> threads, WriteLog log, Random random)
{
    /// <summary>Body text that names its request, so the database can be checked for doubles.</summary>
    public static string BodyOf(string requestId) => $"Chaos comment {requestId}.";

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    /// <summary>Posts until <paramref name="stopWriting"/>; a post under way when it fires is still seen through.</summary>
    public async Task RunAsync(TimeSpan pace, CancellationToken stopWriting, CancellationToken ct)
    {
        for (var n = 1; !stopWriting.IsCancellationRequested && !ct.IsCancellationRequested; n++)
        {
            var requestId = $"w{index:00}-{n:00000}";
            var threadId = threads[random.Next(threads.Count)];
            var parentId = random.NextDouble() < 0.2 ? PickParent(threadId) : null;
            await PostAsync(requestId, threadId, parentId, ct);
            try
            {
                await Task.Delay(pace * (0.5 + random.NextDouble()), stopWriting);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Posts one comment until it is acknowledged, refused for good, or the retry budget runs out.</summary>
    public async Task<AckedPost?> PostAsync(string requestId, long threadId, long? parentId, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var client = instances[(index + attempt) % instances.Count];
            log.Attempt();
            var outcome = await client.PostCommentAsync(token, threadId, parentId, BodyOf(requestId), ct, requestId);
            if (outcome.Comment is { } comment)
            {
                var acked = new AckedPost(requestId, threadId, comment.Id, comment.Seq, outcome.Status == HttpStatusCode.OK);
                log.Acked.Enqueue(acked);
                return acked;
            }

            var status = (int)outcome.Status;
            var unknownFate = status is 0 or 408 or 429 or >= 500;
            if (!unknownFate)
            {
                // A reply to a comment a moderator removed meanwhile (409) is refused for good; nothing was written.
                log.Reject($"{requestId}: {status}");
                return null;
            }

            if (Stopwatch.GetElapsedTime(started) > GiveUpAfter || ct.IsCancellationRequested)
            {
                log.GiveUp();
                return null;
            }

            log.Retry();
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (1 << Math.Min(attempt, 5)))), ct);
        }
    }

    private long? PickParent(long threadId)
    {
        var candidates = log.Acked.Where(a => a.ThreadId == threadId).TakeLast(50).ToList();
        return candidates.Count == 0 ? null : candidates[random.Next(candidates.Count)].CommentId;
    }
}
