namespace ForumApp.Features.Notifications;

/// <summary>Configuration section <c>Forum:Notifications</c>.</summary>
public sealed class NotificationOptions
{
    /// <summary>Whether this instance runs the producer (tests that count rows themselves turn it off).</summary>
    public bool ProduceInBackground { get; set; } = true;

    /// <summary>How long the producer waits after a wake-up, so one round covers several write batches.</summary>
    public TimeSpan GatherDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The producer looks at the log this often even without a wake-up (events from an instance without Redis).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Events older than this are passed over: the first start on a forum with a history must not notify about
    /// all of it. An outage shorter than this loses nothing.
    /// </summary>
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Threads and events per round: a round is one short write transaction.</summary>
    public int ThreadsPerRound { get; set; } = 50;

    public int EventsPerThread { get; set; } = 500;
}
