using System.Diagnostics;
using System.Net;
using ForumApp.Benchmarks.Hosting;

namespace ForumApp.Benchmarks.Clients;

/// <summary>Writes a planned reply tree into a thread through the HTTP API, with several members at once.</summary>
internal static class ThreadBuilder
{
    public sealed record Built(long[] Ids, TimeSpan Elapsed, int Retries);

    /// <param name="parents">From <see cref="TreePlan.Make"/>: each comment's parent index, -1 for top-level.</param>
    public static async Task<Built> WriteAsync(
        ForumClient client, IReadOnlyList<string> tokens, long threadId, int[] parents, int seed, string label, AppServer server, CancellationToken ct)
    {
        var count = parents.Length;
        var ids = Enumerable.Range(0, count).Select(_ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var next = -1;
        var done = 0;
        var retries = 0;
        var started = Stopwatch.GetTimestamp();
        await using (Progress.Every(TimeSpan.FromSeconds(5), label, () => $"{Volatile.Read(ref done)}/{count} comments", server))
        {
            var writers = tokens.Select(async (token, w) =>
            {
                var random = new Random(seed * 31 + w);
                int index;
                while ((index = Interlocked.Increment(ref next)) < count)
                {
                    // A reply waits for its parent, which an earlier index (already taken by some writer) creates.
                    long? parentId = parents[index] < 0 ? null : await ids[parents[index]].Task.WaitAsync(TimeSpan.FromMinutes(2), ct);
                    var body = Texts.Comment(random);
                    for (var attempt = 0; ; attempt++)
                    {
                        var outcome = await client.PostCommentAsync(token, threadId, parentId, body, ct);
                        if (outcome.Comment is { } comment)
                        {
                            ids[index].SetResult(comment.Id);
                            Interlocked.Increment(ref done);
                            break;
                        }

                        if (attempt >= 5 || outcome.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict)
                        {
                            var failure = new InvalidOperationException($"Posting comment {index} failed with {(int)outcome.Status}.");
                            ids[index].SetException(failure);
                            throw failure;
                        }

                        Interlocked.Increment(ref retries);
                        await Task.Delay(100 * (attempt + 1), ct);
                    }
                }
            }).ToList();
            await Task.WhenAll(writers);
        }

        return new Built(ids.Select(t => t.Task.Result).ToArray(), Stopwatch.GetElapsedTime(started), retries);
    }
}
