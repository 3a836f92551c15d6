using ForumApp.Data;
using ForumApp.Features.Authorization;
using ForumApp.Features.Threads;

namespace ForumApp.Features.Comments;

// The per-comment decision: refused, stored, or a replay, from the facts the batch read.
public sealed partial class CommentWriter
{
    /// <summary>What to do with one comment, given the database as the transaction sees it and the comments before it.</summary>
    private Decision Decide(Pending pending, BatchFacts facts, Dictionary<(long, string), Comment> storedByRequest, DateTime now)
    {
        var draft = pending.Draft;
        if (!facts.Authors.TryGetValue(draft.Author.Id, out var author))
        {
            return new Decision(Refused: ForumError.SignInRequired());
        }

        // Checked again here, under the write lock: a suspension committed before this batch holds for it.
        if (ForumGuard.RefuseSuspended(author.SuspendedUntil, now) is { } suspended)
        {
            return new Decision(Refused: suspended);
        }

        if (draft.ClientRequestId is { } requestId)
        {
            if (facts.EarlierRequests.TryGetValue((draft.Author.Id, requestId), out var earlierThreadId))
            {
                return earlierThreadId == draft.ThreadId ? new Decision(ReplayOfEarlier: true) : new Decision(Refused: OtherThread);
            }

            if (storedByRequest.TryGetValue((draft.Author.Id, requestId), out var original))
            {
                return original.ThreadId == draft.ThreadId ? new Decision(ReplayOf: original) : new Decision(Refused: OtherThread);
            }
        }

        if (!facts.Threads.TryGetValue(draft.ThreadId, out var locked))
        {
            return new Decision(Refused: ForumError.NotFound(ThreadService.NotFoundMessage));
        }

        if (locked)
        {
            return new Decision(Refused: ForumError.Conflict("This thread is locked."));
        }

        var depth = 0;
        if (draft.ParentId is { } parentId)
        {
            if (!facts.Parents.TryGetValue(parentId, out var parent) || parent.ThreadId != draft.ThreadId)
            {
                return new Decision(Refused: ForumError.Invalid("parentId", "The comment you are replying to is not in this thread."));
            }

            if (parent.State != CommentState.Visible)
            {
                return new Decision(Refused: ForumError.Conflict("The comment you are replying to has been deleted."));
            }

            depth = parent.Depth + 1;
        }

        if (!pending.PostingBudgetTaken)
        {
            if (_limits.TryTakeComment(draft.Author, now) is { } wait)
            {
                return new Decision(Refused: new ForumError(ForumErrorKind.TooManyRequests, PostingLimits.Describe(wait), RetryAfter: wait));
            }

            // A batch that fails is retried comment by comment; the budget is spent once.
            pending.PostingBudgetTaken = true;
        }

        return new Decision(Stored: new Comment
        {
            ThreadId = draft.ThreadId,
            ParentId = draft.ParentId,
            Depth = depth,
            AuthorId = draft.Author.Id,
            AuthorName = author.DisplayName,
            Body = draft.Body,
            BodyFormat = BodyFormat.Markdown,
            BodyHtml = draft.BodyHtml,
            CreatedAt = now,
            ClientRequestId = draft.ClientRequestId,
        });
    }

    private static ForumError OtherThread => ForumError.Conflict("This client request id was already used for a comment in another thread.");

    /// <summary>Exactly one of: refused, stored, a replay of a comment stored in this batch, or of one stored earlier.</summary>
    private sealed record Decision(ForumError? Refused = null, Comment? Stored = null, Comment? ReplayOf = null, bool ReplayOfEarlier = false);
}
