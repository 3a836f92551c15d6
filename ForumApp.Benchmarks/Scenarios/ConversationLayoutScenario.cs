using System.Diagnostics;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;
using ForumApp.Components.Threads;
using ForumApp.Data;
using ForumApp.Features.Threads;
using ForumApp.Realtime;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>
/// 10. A live reply laid out in every open page's conversation, in process: each page applies the reply to its own
/// copy of the thread and its conversation works out which cards must draw, as the pages' circuits do before they
/// render. One conversation of M comments (replies at random up to five deep), N pages, replies to random comments
/// in it; measured twice, with the conversation laid out whole at each reply and laid out by what the reply changed.
/// Reports the time per page per reply on one thread, the part of a page's cost that grows with the conversation.
/// </summary>
internal static class ConversationLayoutScenario
{
    public const string Name = "layout";

    private const int WarmUpReplies = LiveThreadScenario.WarmUpReplies;
    private const int MeasuredReplies = LiveThreadScenario.MeasuredReplies;
    private const int DeepestParent = 4;

    public static Task RunAsync(BenchContext bench, CancellationToken ct)
    {
        (int Pages, int Comments)[] cases = bench.Quick ? [(100, 200)] : [(1000, 50), (1000, 200), (1000, 1000)];

        // Both ways once, unmeasured, so the first case does not pay for compiling them.
        Measure(100, 50, byChange: false);
        Measure(100, 50, byChange: true);
        foreach (var (pages, comments) in cases)
        {
            foreach (var byChange in new[] { false, true })
            {
                ct.ThrowIfCancellationRequested();
                var perReply = Measure(pages, comments, byChange);
                perReply.Sort();
                var median = perReply[perReply.Count / 2];
                var how = byChange ? "laid out by what changed" : "laid out whole";
                bench.Report.Add(new Row("10 conversation layout", $"{pages:N0} pages, a conversation of {comments:N0} comments, {how}",
                    "time per page to apply and lay out one reply, on one thread (median of replies)", median, "µs", Target: "(report)",
                    Note: $"{MeasuredReplies} replies after {WarmUpReplies} to warm up; lowest {perReply[0]:0.0}, highest {perReply[^1]:0.0} µs"));
                Progress.Say($"conversation layout: {pages} pages, {comments} comments, {how}: {median:0.0} µs per page per reply");
            }
        }

        return Task.CompletedTask;
    }

    private static List<double> Measure(int pages, int comments, bool byChange)
    {
        var random = new Random(comments);
        var (shape, depths) = Conversation(comments, random);
        var copies = new Page[pages];
        for (var page = 0; page < pages; page++)
        {
            // Each page reads its own records, as each circuit does.
            var read = shape.Select(c => LiveThreadScenario.Comment(c.Id, c.ParentId, c.Depth, c.Replies)).ToList();
            copies[page] = new Page(new LiveThread(new ThreadDetail(1, "A long conversation", "a-long-conversation", "The article.",
                "<p>The article.</p>", "op", LiveThreadScenario.Start, Locked: false, LastSeq: 1, read, NextCursor: null, CommentCount: comments)));
        }

        var parents = depths.Where(d => d.Value <= DeepestParent).Select(d => d.Key).ToList();
        var perReply = new List<double>();
        for (var reply = 0; reply < WarmUpReplies + MeasuredReplies; reply++)
        {
            var parentId = parents[random.Next(parents.Count)];
            var id = comments + reply + 1L;
            var posted = new ThreadEventView(1, reply + 2, ThreadEventKind.Posted, LiveThreadScenario.Start.AddMinutes(reply),
                LiveThreadScenario.Comment(id, parentId, depths[parentId] + 1));
            depths[id] = depths[parentId] + 1;
            // On one thread, timed by the clock: the process's CPU time moves in steps of milliseconds, as long as
            // a whole reply takes here when laid out by what changed.
            var started = Stopwatch.GetTimestamp();
            foreach (var copy in copies)
            {
                copy.Take(posted, byChange);
            }

            if (reply >= WarmUpReplies)
            {
                perReply.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / pages);
            }
        }

        return perReply;
    }

    /// <summary>One page: its copy of the thread, what its conversation draws from and the conversation's layout.</summary>
    private sealed class Page
    {
        private readonly LiveThread _live;
        private readonly ConversationContext _context;
        private readonly ConversationLayout _layout = new();
        private readonly ConversationChanges _changes = new();
        private readonly List<ConversationLayout.Card> _toDraw = [];
        private int _startHint = -1;

        public Page(LiveThread live)
        {
            _live = live;
            _context = new ConversationContext
            {
                Comments = live.Comments,
                Shared = new ConversationContext.SharedInputs(ThreadViewer.Anonymous, null, 0),
                Collapsed = new HashSet<long>(),
                FreshIds = new HashSet<long>(),
                NewIds = new HashSet<long>(),
            };
            _layout.Update(_context.RowsOf(1, ref _startHint), false, _toDraw);
        }

        public void Take(ThreadEventView posted, bool byChange)
        {
            _live.Apply(posted);
            _live.TakeChangesInto(_changes);
            foreach (var (rootId, within) in _changes)
            {
                if (!byChange || !_layout.UpdateWithin(_context, rootId, within, _toDraw))
                {
                    _layout.Update(_context.RowsOf(rootId, ref _startHint), true, _toDraw);
                }
            }

            _changes.Clear();
            _toDraw.Clear();
        }
    }

    /// <summary>One conversation of <paramref name="count"/> comments in display order, each a reply to a random earlier one.</summary>
    private static (List<(long Id, long? ParentId, int Depth, int Replies)> Shape, Dictionary<long, int> Depths) Conversation(int count, Random random)
    {
        var children = new Dictionary<long, List<long>> { [1] = [] };
        var depths = new Dictionary<long, int> { [1] = 0 };
        var open = new List<long> { 1 };
        for (var id = 2L; id <= count; id++)
        {
            var parent = open[random.Next(open.Count)];
            children[parent].Add(id);
            children[id] = [];
            depths[id] = depths[parent] + 1;
            if (depths[id] <= DeepestParent)
            {
                open.Add(id);
            }
        }

        var shape = new List<(long, long?, int, int)>(count);
        var parents = new Dictionary<long, long?> { [1] = null };
        var stack = new Stack<long>([1]);
        while (stack.TryPop(out var id))
        {
            shape.Add((id, parents[id], depths[id], children[id].Count));
            for (var i = children[id].Count - 1; i >= 0; i--)
            {
                parents[children[id][i]] = id;
                stack.Push(children[id][i]);
            }
        }

        return (shape, depths);
    }
}
