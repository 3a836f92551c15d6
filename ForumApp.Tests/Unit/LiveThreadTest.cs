using ForumApp.Realtime;
using ForumApp.Data;
using ForumApp.Features.Threads;

namespace ForumApp.Tests.Unit;

/// <summary>
/// A live thread fed by hand: a small tree to start from, and the events and pages the page would hand it.
/// </summary>
public abstract class LiveThreadTest
{
    protected const long ThreadId = 7;
    protected static DateTime Start { get; } = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    // The tree every test starts from, in display order:
    //   1
    //     2
    //       3
    //   4
    protected static CommentView One { get; } = Comment(1, parentId: null, depth: 0, replies: 1);
    protected static CommentView Two { get; } = Comment(2, parentId: 1, depth: 1, replies: 1);
    protected static CommentView Three { get; } = Comment(3, parentId: 2, depth: 2);
    protected static CommentView Four { get; } = Comment(4, parentId: null, depth: 0);

    protected static LiveThread Live(long lastSeq, params CommentView[] comments) => Live(lastSeq, nextCursor: null, comments);

    protected static LiveThread Live(long lastSeq, string? nextCursor, params CommentView[] comments) =>
        new(Detail(lastSeq, locked: false, comments.Length == 0 ? [One, Two, Three, Four] : comments, nextCursor));

    protected static ThreadDetail Detail(long lastSeq, bool locked, IReadOnlyList<CommentView> comments, string? nextCursor = null) =>
        new(ThreadId, "A thread", "a-thread", "The article.", "<p>The article.</p>", "op", Start, locked, lastSeq, comments, nextCursor,
            CommentCount: comments.Count(c => !c.Deleted));

    protected static CommentView Comment(long id, long? parentId, int depth, int replies = 0, string author = "someone") =>
        new(id, ThreadId, parentId, depth, author, AuthorId: 100 + id, $"body of {id}", $"<p>body of {id}</p>",
            Start.AddSeconds(id), EditedAt: null, Deleted: false, DeletedBy: null, Reason: null, replies);

    protected static CommentView Deleted(CommentView comment, string by) =>
        comment with { Body = null, BodyHtml = null, Deleted = true, DeletedBy = by };

    protected static ThreadEventView Event(long seq, ThreadEventKind kind, CommentView? comment) =>
        new(ThreadId, seq, kind, Start.AddMinutes(seq), comment);

    protected static long[] Ids(IEnumerable<CommentView> comments) => comments.Select(c => c.Id).ToArray();
}
