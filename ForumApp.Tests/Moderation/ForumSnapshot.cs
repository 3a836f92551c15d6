using ForumApp.Data;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Moderation;

public sealed record ThreadRow(
    long Id, string Title, string Body, bool Locked, string? LockReason, DateTime? RemovedAt, string? RemovedReason,
    int CommentCount, long LastSeq, DateTime LastActivityAt, long Version, DateTime? PinnedAt);

public sealed record CommentRow(
    long Id, long ThreadId, long? ParentId, long? AuthorId, CommentState State, string Body, string? Reason, Guid? RemovalBatchId,
    DateTime? EditedAt, DateTime? DeletedAt, long? DeletedById, int ReplyCount, long Version, int UpVotes, int DownVotes, int Score);

public sealed record MemberRow(long Id, DateTime? SuspendedUntil, string? SuspensionReason, string? SecurityStamp);

public sealed record MemberRoleRow(long UserId, long RoleId);

public sealed record ReadMarkRow(long UserId, long ThreadId, long Seq);

public sealed record ReportRow(long Id, long CommentId, long ReporterId, string Reason, ReportStatus Status, long? ResolvedById);

/// <summary>
/// Every row a forum action could touch: threads, comments, members and their roles, reports, read marks,
/// and the sizes of the append-only tables (events, revisions, the moderation log) and of the votes. Two snapshots equal means nothing changed.
/// </summary>
public sealed record ForumSnapshot(
    IReadOnlyList<ThreadRow> Threads,
    IReadOnlyList<CommentRow> Comments,
    IReadOnlyList<MemberRow> Members,
    IReadOnlyList<MemberRoleRow> Roles,
    IReadOnlyList<ReportRow> Reports,
    int Events,
    int Revisions,
    int LogEntries,
    int Votes,
    IReadOnlyList<ReadMarkRow> ReadMarks)
{
    public static async Task<ForumSnapshot> TakeAsync(ForumDbContext db) => new(
        await db.Threads.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new ThreadRow(t.Id, t.Title, t.Body, t.Locked, t.LockReason, t.RemovedAt, t.RemovedReason, t.CommentCount, t.LastSeq, t.LastActivityAt, t.Version, t.PinnedAt))
            .ToListAsync(),
        await db.Comments.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new CommentRow(c.Id, c.ThreadId, c.ParentId, c.AuthorId, c.State, c.Body, c.Reason, c.RemovalBatchId, c.EditedAt, c.DeletedAt, c.DeletedById, c.ReplyCount, c.Version, c.UpVotes, c.DownVotes, c.Score))
            .ToListAsync(),
        await db.Users.AsNoTracking().OrderBy(u => u.Id)
            .Select(u => new MemberRow(u.Id, u.SuspendedUntil, u.SuspensionReason, u.SecurityStamp))
            .ToListAsync(),
        await db.UserRoles.AsNoTracking().OrderBy(r => r.UserId).ThenBy(r => r.RoleId)
            .Select(r => new MemberRoleRow(r.UserId, r.RoleId))
            .ToListAsync(),
        await db.Reports.AsNoTracking().OrderBy(r => r.Id)
            .Select(r => new ReportRow(r.Id, r.CommentId, r.ReporterId, r.Reason, r.Status, r.ResolvedById))
            .ToListAsync(),
        await db.ThreadEvents.CountAsync(),
        await db.CommentRevisions.CountAsync(),
        await db.ModerationLog.CountAsync(),
        await db.Votes.CountAsync(),
        await db.ReadMarks.AsNoTracking().OrderBy(m => m.UserId).ThenBy(m => m.ThreadId)
            .Select(m => new ReadMarkRow(m.UserId, m.ThreadId, m.Seq))
            .ToListAsync());

    public ThreadRow Thread(long id) => Threads.Single(t => t.Id == id);

    public CommentRow Comment(long id) => Comments.Single(c => c.Id == id);

    public MemberRow Member(long id) => Members.Single(m => m.Id == id);

    public ReportRow Report(long id) => Reports.Single(r => r.Id == id);

    public bool HasRole(long userId, long roleId) => Roles.Contains(new MemberRoleRow(userId, roleId));

    /// <summary>Fails, table by table, on the first difference from <paramref name="before"/>.</summary>
    public void AssertUnchangedSince(ForumSnapshot before, string what)
    {
        AssertSame(before.Threads, Threads, "threads", what);
        AssertSame(before.Comments, Comments, "comments", what);
        AssertSame(before.Members, Members, "members", what);
        AssertSame(before.Roles, Roles, "member roles", what);
        AssertSame(before.Reports, Reports, "reports", what);
        AssertSame(before.ReadMarks, ReadMarks, "read marks", what);
        Assert.True(before.Events == Events, $"{what} appended {Events - before.Events} thread events.");
        Assert.True(before.Revisions == Revisions, $"{what} stored {Revisions - before.Revisions} comment revisions.");
        Assert.True(before.LogEntries == LogEntries, $"{what} wrote {LogEntries - before.LogEntries} moderation log entries.");
        Assert.True(before.Votes == Votes, $"{what} stored {Votes - before.Votes} votes.");
    }

    private static void AssertSame<T>(IReadOnlyList<T> before, IReadOnlyList<T> after, string table, string what)
    {
        var gone = before.Except(after).ToList();
        var changed = after.Except(before).ToList();
        Assert.True(
            gone.Count == 0 && changed.Count == 0,
            $"{what} changed {table}:\n  before: {string.Join("\n          ", gone)}\n  after:  {string.Join("\n          ", changed)}");
    }
}
