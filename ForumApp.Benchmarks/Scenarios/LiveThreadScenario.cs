using System.Diagnostics;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;
using ForumApp.Data;
using ForumApp.Features.Threads;
using ForumApp.Realtime;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>
/// 9. A live reply reaching every open page of a long thread, in process: each page keeps its own copy of the
/// thread (<see cref="LiveThread"/>), so one reply is applied once per page. N copies of a thread of M comments
/// (conversations of ten), then replies to random conversations applied to every copy in turn, as the pages'
/// circuits do; the copies are far too large together to stay in the processor's caches, as on a server with
/// thousands of pages open. Reports the CPU per page per reply, the part of a page's cost that grows with the thread.
/// </summary>
internal static class LiveThreadScenario
{
    public const string Name = "livethread";

    /// <summary>Replies applied before measuring, and measured: also those of the conversation layout scenario.</summary>
    internal const int WarmUpReplies = 3;
    internal const int MeasuredReplies = 15;

    internal static readonly DateTime Start = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    public static Task RunAsync(BenchContext bench, CancellationToken ct)
    {
        (int Pages, int Comments)[] cases = bench.Quick ? [(100, 500)] : [(1000, 500), (1000, 2000), (200, 10_000)];
        foreach (var (pages, comments) in cases)
        {
            ct.ThrowIfCancellationRequested();
            var perReply = Measure(pages, comments);
            perReply.Sort();
            var median = perReply[perReply.Count / 2];
            bench.Report.Add(new Row("9 live thread", $"{pages:N0} pages, a thread of {comments:N0} comments", "CPU per page to apply one reply (median of replies)",
                median, "µs", Target: "(report)",
                Note: $"{MeasuredReplies} replies after {WarmUpReplies} to warm up; lowest {perReply[0]:0.0}, highest {perReply[^1]:0.0} µs"));
            Progress.Say($"live thread: {pages} pages, {comments} comments: {median:0.0} µs per page per reply");
        }

        return Task.CompletedTask;
    }

    private static List<double> Measure(int pages, int comments)
    {
        var copies = new LiveThread[pages];
        for (var page = 0; page < pages; page++)
        {
            // Each page reads its own records, as each circuit does.
            var read = new List<CommentView>(comments);
            for (var i = 0; i < comments; i++)
            {
                read.Add(i % 10 == 0 ? Comment(i + 1, parentId: null, depth: 0, replies: 9) : Comment(i + 1, parentId: i / 10 * 10 + 1, depth: 1));
            }

            copies[page] = new LiveThread(new ThreadDetail(1, "A long thread", "a-long-thread", "The article.", "<p>The article.</p>", "op", Start,
                Locked: false, LastSeq: 1, read, NextCursor: null, CommentCount: comments));
        }

        var random = new Random(1);
        var perReply = new List<double>();
        var changes = new ConversationChanges();
        for (var reply = 0; reply < WarmUpReplies + MeasuredReplies; reply++)
        {
            var parentId = random.Next(comments / 10) * 10 + 1L;
            var posted = new ThreadEventView(1, reply + 2, ThreadEventKind.Posted, Start.AddMinutes(reply),
                Comment(comments + reply + 1L, parentId, depth: 1));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (var copy in copies)
            {
                copy.Apply(posted);
                copy.TakeChangesInto(changes);
                changes.Clear();
            }

            if (reply >= WarmUpReplies)
            {
                perReply.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / pages);
            }
        }

        return perReply;
    }

    /// <summary>A comment as a page reads it, with a body of its own.</summary>
    internal static CommentView Comment(long id, long? parentId, int depth, int replies = 0) =>
        new(id, 1, parentId, depth, "someone", AuthorId: 100, $"body of {id}", $"<p>body of {id}</p>", Start.AddSeconds(id),
            EditedAt: null, Deleted: false, DeletedBy: null, Reason: null, replies);
}
