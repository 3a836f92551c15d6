using System.Globalization;
using System.Text;

namespace ForumApp.Chaos;

/// <summary>What one run did and what the checks found. Anything lost, doubled or stale fails the run.</summary>
public sealed record ChaosReport
{
    public required ChaosOptions Options { get; init; }
    public TimeSpan Elapsed { get; init; }
    public int Clients { get; init; }
    public int Writers { get; init; }
    public int Threads { get; init; }

    public long PostAttempts { get; init; }
    public long PostsAcked { get; init; }
    public long PostsAckedOnRetry { get; init; }
    public long PostsRetried { get; init; }
    public long PostsRejected { get; init; }
    public long PostsGivenUp { get; init; }

    public long EventsLive { get; init; }
    public long EventsCaughtUp { get; init; }
    public long SocketKills { get; init; }
    public long Reconnects { get; init; }
    public int InstanceRestarts { get; init; }
    public TimeSpan RedisOutage { get; init; }
    public int Instances { get; init; } = 2;
    public string Database { get; init; } = "one SQLite file";
    public int DatabaseRestarts { get; init; }
    public TimeSpan DatabaseDown { get; init; }
    public int Removals { get; init; }
    public int Restores { get; init; }
    public int CommentsStored { get; init; }
    public int CommentsRemoved { get; init; }
    public TimeSpan SettledIn { get; init; }

    /// <summary>Comments the database has that a client's view lacks, summed over clients.</summary>
    public long Missing { get; init; }

    /// <summary>Doubles: a comment posted twice in a view or the database, a view holding a comment the database lacks, two events on one seq.</summary>
    public long Duplicates { get; init; }

    /// <summary>Views that show a removed comment as live (or a live one as removed).</summary>
    public long Stale { get; init; }

    /// <summary>Sequence numbers a client never received, summed over clients.</summary>
    public long EventGaps { get; init; }

    /// <summary>Acknowledged posts the database does not hold exactly once under the id the answer gave.</summary>
    public long AckedLost { get; init; }

    /// <summary>Neighbouring events of a thread committed out of seq order (database servers only; null when not checked).</summary>
    public long? CommitOrderViolations { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];

    public bool Failed => Missing + Duplicates + Stale + EventGaps + AckedLost + (CommitOrderViolations ?? 0) > 0 || Problems.Count > 0;

    public string Table()
    {
        var rows = new (string, string)[]
        {
            ("app instances / database", $"{N(Instances)} / {Database}"),
            ("clients (hub connections, spread over the instances)", N(Clients)),
            ("writers", N(Writers)),
            ("threads", N(Threads)),
            ("load duration", $"{Options.Duration.TotalSeconds:0} s (whole run {Elapsed.TotalSeconds:0} s)"),
            ("posts acknowledged", $"{N(PostsAcked)} ({N(PostsAckedOnRetry)} answered 200 to a retry)"),
            ("post attempts / retried / refused / given up", $"{N(PostAttempts)} / {N(PostsRetried)} / {N(PostsRejected)} / {N(PostsGivenUp)}"),
            ("events delivered (live + catch-up)", $"{N(EventsLive + EventsCaughtUp)} ({N(EventsLive)} + {N(EventsCaughtUp)})"),
            ("client socket kills / reconnects", $"{N(SocketKills)} / {N(Reconnects)}"),
            ("instance restarts (SIGKILL, same port)", N(InstanceRestarts)),
            ("redis outage", $"{RedisOutage.TotalSeconds:0.#} s"),
            ("database server restarts (immediate stop)", $"{N(DatabaseRestarts)} ({DatabaseDown.TotalSeconds:0.#} s down)"),
            ("moderator removals / restores", $"{N(Removals)} / {N(Restores)}"),
            ("comments stored (removed)", $"{N(CommentsStored)} ({N(CommentsRemoved)})"),
            ("all clients converged in", $"{SettledIn.TotalSeconds:0.0} s after writing stopped"),
            ("missing (comment absent from a view)", N(Missing)),
            ("duplicates", N(Duplicates)),
            ("stale (removed shown live or live shown removed)", N(Stale)),
            ("event gaps (seq never received)", N(EventGaps)),
            ("acknowledged posts lost or doubled", N(AckedLost)),
            ("events committed out of seq order", CommitOrderViolations is { } v ? N(v) : "not checked (one SQLite file lock orders commits)"),
            ("integrity problems", N(Problems.Count)),
            ("result", Failed ? "FAILED" : "passed"),
        };
        var width = rows.Max(r => r.Item1.Length);
        var text = new StringBuilder();
        foreach (var (name, value) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {name.PadRight(width)} | {value} |\n");
        }

        foreach (var problem in Problems.Take(20))
        {
            text.Append(CultureInfo.InvariantCulture, $"problem: {problem}\n");
        }

        return text.ToString();
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
