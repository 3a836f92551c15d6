using Xunit.Sdk;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// Waits for something another thread or process brings about: checks it again and again until it holds or the
/// time is up, then fails with what the test was waiting for and what it last saw. The one place in the suite that
/// polls; tests never sleep for a fixed time and never take silence for an answer.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs <paramref name="assertion"/> until it stops throwing; fails with its last failure and <paramref name="because"/>.</summary>
    public static async Task Assert(Func<Task> assertion, TimeSpan? timeout, string because, CancellationToken cancellation = default)
    {
        Exception? last = null;
        var satisfied = await PollAsync(
            async () =>
            {
                try
                {
                    await assertion();
                    return true;
                }
                catch (Exception error) when (error is XunitException or InvalidOperationException or TimeoutException)
                {
                    last = error;
                    return false;
                }
            },
            timeout,
            cancellation);
        if (!satisfied)
        {
            throw new XunitException($"{because}: still failing after {Describe(timeout)}. Last failure: {last?.Message}");
        }
    }

    /// <inheritdoc cref="Assert(Func{Task}, TimeSpan?, string, CancellationToken)"/>
    public static Task Assert(Action assertion, TimeSpan? timeout, string because, CancellationToken cancellation = default) =>
        Assert(() =>
        {
            assertion();
            return Task.CompletedTask;
        }, timeout, because, cancellation);

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="because"/>.</summary>
    public static Task True(Func<bool> condition, string because, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        Until(condition, holds => holds, because, timeout, cancellation);

    /// <inheritdoc cref="True(Func{bool}, string, TimeSpan?, CancellationToken)"/>
    public static Task True(Func<Task<bool>> condition, string because, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        Until(condition, holds => holds, because, timeout, cancellation);

    /// <summary>
    /// Reads <paramref name="observe"/> until what it reads satisfies <paramref name="done"/> and returns that value;
    /// fails with <paramref name="because"/> and the last value read.
    /// </summary>
    public static Task<T> Until<T>(Func<T> observe, Func<T, bool> done, string because, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        Until(() => Task.FromResult(observe()), done, because, timeout, cancellation);

    /// <inheritdoc cref="Until{T}(Func{T}, Func{T, bool}, string, TimeSpan?, CancellationToken)"/>
    public static async Task<T> Until<T>(Func<Task<T>> observe, Func<T, bool> done, string because, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var last = default(T)!;
        var seen = false;
        var satisfied = await PollAsync(
            async () =>
            {
                last = await observe();
                seen = true;
                return done(last);
            },
            timeout,
            cancellation);
        return satisfied
            ? last
            : throw new XunitException($"{because}: not so after {Describe(timeout)}. Last observed: {(seen ? Show(last) : "nothing")}");
    }

    /// <summary>Waits until <paramref name="observe"/> reads <paramref name="expected"/>; fails with the last value read.</summary>
    public static Task<T> Equal<T>(T expected, Func<T> observe, string because, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        Until(observe, value => EqualityComparer<T>.Default.Equals(value, expected), $"{because} (expected {Show(expected)})", timeout, cancellation);

    private static async Task<bool> PollAsync(Func<Task<bool>> check, TimeSpan? timeout, CancellationToken cancellation)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        patience.CancelAfter(timeout ?? DefaultTimeout);
        var pause = FirstPause;
        while (true)
        {
            if (await check())
            {
                return true;
            }

            try
            {
                await Task.Delay(pause, patience.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // Time is up; one last look, so a condition met during the final pause still counts.
                return await check();
            }

            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    private static string Describe(TimeSpan? timeout) => $"{(timeout ?? DefaultTimeout).TotalSeconds:0.###} s";

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        System.Collections.IEnumerable items => $"[{string.Join(", ", items.Cast<object?>())}]",
        _ => value.ToString() ?? "",
    };
}
