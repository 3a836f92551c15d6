using ForumApp.Data;
using ForumApp.Realtime;

namespace ForumApp.Components.Threads;

/// <summary>
/// Push is the fast path, not the record: a page that heard nothing for a while must still learn that its
/// thread's LastSeq moved. The instance's record of what it delivered (<see cref="DeliveredSequences"/>) checks
/// every open page at once, in memory, and nudges only a page behind it, so an idle page runs no timer of its own.
/// </summary>
public sealed partial class LiveThreadSession
{
    private int _catchingUpMissed;

    private void WatchForMissedEvents(long threadId, CancellationToken cancellationToken)
    {
        if (_services.Delivered is { } delivered)
        {
            _subscriptions.Add(delivered.WatchPage(threadId, () => Live?.LastSeq, OnFellBehind));
        }
        else
        {
            _ = WatchLastSeqAsync(threadId, cancellationToken);
        }
    }

    // A check that finds the page still catching up leaves it be.
    private void OnFellBehind()
    {
        if (Interlocked.Exchange(ref _catchingUpMissed, 1) == 0)
        {
            _ = CatchUpMissedAsync();
        }
    }

    private async Task CatchUpMissedAsync()
    {
        try
        {
            await CatchUpAndDrawAsync();
        }
        catch (Exception exception) when (DatabaseAvailability.IsUnavailableError(exception))
        {
            // The reader keeps what is on screen; once the database answers, the next check catches up.
            _services.Availability.ReportFailure(exception);
        }
        catch (Exception exception)
        {
            await _fail(exception);
        }
        finally
        {
            Volatile.Write(ref _catchingUpMissed, 0);
        }
    }

    private Task CatchUpAndDrawAsync() => _dispatch(async () =>
    {
        // A check may find the page just before it stopped (left, or the circuit ended).
        if (IsLive)
        {
            await CatchUpAsync();
            _changed();
        }
    });

    // Without that record (a bare session, outside the app's realtime services) the page asks the database itself.
    private async Task WatchLastSeqAsync(long threadId, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(DeliveredSequences.PageCheckEvery, _services.Clock);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    if (await _services.Threads.GetLastSeqAsync(threadId, cancellationToken) > Live?.LastSeq)
                    {
                        await CatchUpAndDrawAsync();
                    }
                }
                catch (Exception exception) when (DatabaseAvailability.IsUnavailableError(exception))
                {
                    // The reader keeps what is on screen; once the database answers, the next tick catches up.
                    _services.Availability.ReportFailure(exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            await _fail(exception);
        }
    }
}
