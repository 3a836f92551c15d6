namespace ForumApp.Tests.TestInfrastructure;

/// <summary>How a <see cref="TestClock"/>'s timers fire.</summary>
public enum TestClockTimers
{
    /// <summary>
    /// Only when the test moves the clock on. Delays and periodic checks taken on the clock (<c>Task.Delay</c>,
    /// <c>PeriodicTimer</c>) then happen exactly when the test says, never on their own in the middle of an assertion.
    /// </summary>
    Manual,

    /// <summary>
    /// On the machine's own timers. For a whole app under test, whose background loops (presence, the sequence
    /// watcher) must keep running while the test only sets the date its rules read.
    /// </summary>
    Real,
}

/// <summary>
/// The one clock of the test suite: it reads what the test set and moves only when the test moves it, so time-based
/// rules are checked exactly. Left alone it is a fixed clock.
/// </summary>
public sealed class TestClock(DateTimeOffset start, TestClockTimers timers = TestClockTimers.Manual) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public DateTimeOffset UtcNow => GetUtcNow();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (timers == TestClockTimers.Real)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>How many timers taken on this clock are waiting to fire (manual timers only).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>Moves the clock on, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.DueAt!.Value;
                due.DueAt = due.Period > TimeSpan.Zero ? _now + due.Period : null;
                if (due.DueAt is null)
                {
                    _timers.Remove(due);
                }
            }

            due.Fire();
        }
    }

    /// <summary>
    /// Sets the clock to <paramref name="now"/>, earlier or later. Timers are not fired on the way: use
    /// <see cref="Advance"/> for that.
    /// </summary>
    public void Set(DateTimeOffset now)
    {
        lock (_gate)
        {
            _now = now;
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            timer.DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
            if (timer.DueAt is not null)
            {
                _timers.Add(timer);
            }
        }
    }

    private void Cancel(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            timer.DueAt = null;
        }
    }

    private sealed class ManualTimer(TestClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => clock.Cancel(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
