using System.Diagnostics;
using System.Runtime.InteropServices;

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

    /// <summary>
    /// Cancels <paramref name="cancel"/> on the first Ctrl+C or SIGTERM (a second Ctrl+C kills at once) and kills
    /// whatever is still registered when the process exits. Dispose the result at the end of the run.
    /// </summary>
    public static IDisposable StopOnSignals(CancellationTokenSource cancel)
    {
        Console.CancelKeyPress += (_, e) =>
        {
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                Progress.Say("stopping (Ctrl+C again to kill at once)");
                cancel.Cancel();
            }
            else
            {
                KillAll();
            }
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        return PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
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
