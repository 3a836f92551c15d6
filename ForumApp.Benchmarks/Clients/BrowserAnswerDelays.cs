using System.Diagnostics;
using Microsoft.Playwright;

namespace ForumApp.Benchmarks.Clients;

/// <summary>
/// How long Chromium's pages take to answer a render batch: on each page's circuit socket, the time from a frame
/// that carries a batch arriving to the next frame the page sends (its acknowledgement), as the browser's network
/// layer reports them to Playwright. Recorded while <see cref="Recording"/> is set; headless circuits can then
/// answer after delays drawn from what was recorded (<see cref="Draw"/>), so both kinds of page reach the server
/// with the same timing.
/// </summary>
internal sealed class BrowserAnswerDelays
{
    private static readonly byte[] RenderBatch = "JS.RenderBatch"u8.ToArray();

    private readonly List<double> _milliseconds = [];
    private double[] _drawFrom = [];

    /// <summary>Whether answers are recorded now: only in phases where comments are posted, so only batches count.</summary>
    public bool Recording { get; set; }

    public int Count
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count;
            }
        }
    }

    /// <summary>Records the answers of <paramref name="page"/>'s WebSockets from now on.</summary>
    public void Watch(IPage page) => page.WebSocket += (_, socket) =>
    {
        long batchArrived = 0;
        socket.FrameReceived += (_, frame) =>
        {
            if (frame.Binary is { } bytes && bytes.AsSpan().IndexOf(RenderBatch) >= 0)
            {
                Interlocked.CompareExchange(ref batchArrived, Stopwatch.GetTimestamp(), 0);
            }
        };
        socket.FrameSent += (_, _) =>
        {
            var arrived = Interlocked.Exchange(ref batchArrived, 0);
            if (arrived != 0 && Recording)
            {
                Add(Stopwatch.GetElapsedTime(arrived).TotalMilliseconds);
            }
        };
    };

    private void Add(double milliseconds)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(milliseconds);
        }
    }

    /// <summary>Fixes what <see cref="Draw"/> draws from: every delay recorded so far.</summary>
    public void Freeze()
    {
        lock (_milliseconds)
        {
            _drawFrom = [.. _milliseconds];
        }
    }

    /// <summary>One of the delays recorded before <see cref="Freeze"/>, at random; nothing when none were.</summary>
    public TimeSpan Draw()
    {
        var from = _drawFrom;
        return from.Length == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(from[Random.Shared.Next(from.Length)]);
    }

    /// <summary>The median, 90th percentile and highest delay recorded, in milliseconds.</summary>
    public (double Median, double P90, double Max) Summary()
    {
        double[] all;
        lock (_milliseconds)
        {
            all = [.. _milliseconds];
        }

        return (Stats.Percentile(all, 50), Stats.Percentile(all, 90), Stats.Max(all));
    }
}
