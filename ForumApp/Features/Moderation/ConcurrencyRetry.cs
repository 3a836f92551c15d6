using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Moderation;

/// <summary>
/// Moderator actions that meet a concurrent change of the same row (a lock, a removal, an author's deletion
/// bumps the thread's version) run again from a fresh read: the action is decided anew on what is there
/// now, so it answers success or a 409 Conflict, never an unhandled concurrency error.
/// </summary>
internal static class ConcurrencyRetry
{
    public const int MaxAttempts = 5;

    public static async Task<ForumResult<T>> RunAsync<T>(Func<Task<ForumResult<T>>> attempt, string conflictMessage)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateConcurrencyException) when (tries < MaxAttempts)
            {
                // Someone else changed the row between our read and our write: read it again.
            }
            catch (DbUpdateConcurrencyException)
            {
                return ForumError.Conflict(conflictMessage);
            }
        }
    }
}
