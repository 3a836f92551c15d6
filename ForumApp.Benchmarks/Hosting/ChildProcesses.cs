using System.Diagnostics;

namespace ForumApp.Benchmarks.Hosting;

/// <summary>
/// Every process the benchmark starts, so that all of them are stopped at the end, also after a failure,
/// Ctrl+C or SIGTERM. Only these pids are ever signalled.
/// </summary>
internal static class ChildProcesses
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Pids = [];

    public static void Add(int pid)
    {
        lock (Gate)
        {
            Pids.Add(pid);
        }
    }

    public static void Remove(int pid)
    {
        lock (Gate)
        {
            Pids.Remove(pid);
        }
    }

    /// <summary>Last resort on process exit: kills whatever is still registered.</summary>
    public static void KillAll()
    {
        int[] pids;
        lock (Gate)
        {
            pids = [.. Pids];
            Pids.Clear();
        }

        foreach (var pid in pids)
        {
            Kill(pid);
        }
    }

    public static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
        }
    }
}
