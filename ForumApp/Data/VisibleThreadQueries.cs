namespace ForumApp.Data;

/// <summary>
/// A removed thread is invisible the same way wherever it is read: reads, event catch-up, live streams,
/// comment and moderation actions all start from these queries, so no entry point can forget the filter.
/// </summary>
public static class VisibleThreadQueries
{
    public static IQueryable<ForumThread> VisibleThreads(this ForumDbContext db) => db.Threads.Where(t => t.RemovedAt == null);

    /// <summary>Comments whose thread is visible; the comment's own state is for the caller to judge.</summary>
    public static IQueryable<Comment> InVisibleThreads(this IQueryable<Comment> comments) => comments.Where(c => c.Thread!.RemovedAt == null);
}
