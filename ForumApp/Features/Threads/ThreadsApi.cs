using System.Globalization;
using ForumApp.Features.Accounts;
using ForumApp.Features.Comments;
using ForumApp.Features.Votes;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ForumApp.Features.Threads;

public sealed record NewThreadRequest(string? Title, string? Body);

public sealed record ReadRequest(long? Seq);

/// <summary>The public HTTP API for threads (see docs/API.md).</summary>
public static class ThreadsApi
{
    public static IEndpointRouteBuilder MapThreadsApi(this IEndpointRouteBuilder endpoints)
    {
        var threads = endpoints.MapGroup("/api/threads").WithTags("Threads");

        // Without paging the list is the plain array it always was; asking for a page (limit or cursor) answers
        // { items, nextCursor } with the caller's unread counts.
        threads.MapGet("", async Task<IResult> (string? limit, string? cursor, ThreadService service, HttpContext context) =>
        {
            if (limit is null && cursor is null)
            {
                return TypedResults.Ok(await service.ListAsync(context.User, context.RequestAborted));
            }

            var pageSize = ThreadService.DefaultListLimit;
            if (limit is not null && !int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize))
            {
                return ApiInput.FieldError("limit", "The limit must be a whole number.");
            }

            try
            {
                return TypedResults.Ok(await service.ListPageAsync(context.User, pageSize, cursor, context.RequestAborted));
            }
            catch (InvalidReadException invalid)
            {
                return ApiInput.FieldError(invalid.Field, invalid.Message);
            }
        });

        threads.MapPost("", async (NewThreadRequest request, ThreadService service, HttpContext context) =>
        {
            var result = await service.CreateAsync(context.User, request.Title, request.Body, context.RequestAborted);
            return result.Value is { } created
                ? TypedResults.Created(created.Url, created)
                : ApiInput.Problem(result.Error!, context);
        });

        // Ids, limits and cursors arrive as strings so that malformed values get a 400 with field errors.
        threads.MapGet("/{id}", async Task<Results<Ok<ThreadDetail>, ValidationProblem, ProblemHttpResult>> (
            string id, string? limit, string? cursor, string? sort, ThreadService service, VoteService votes, HttpContext context) =>
        {
            var ct = context.RequestAborted;
            if (!ApiInput.TryParseId(id, out var threadId))
            {
                return ApiInput.FieldError("id", "The thread id must be a positive whole number.");
            }

            int? pageSize = null;
            if (limit is not null)
            {
                if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return ApiInput.FieldError("limit", "The limit must be a whole number.");
                }

                pageSize = parsed;
            }

            if ((sort is null ? CommentSorts.Default : CommentSorts.Parse(sort)) is not { } order)
            {
                return ApiInput.FieldError("sort", "The sort must be one of best, top, new or old.");
            }

            try
            {
                var thread = await service.GetAsync(threadId, new CommentPage(pageSize, cursor) { Sort = order }, ct);
                return thread is null ? ApiInput.NotFound("Thread") : TypedResults.Ok(await votes.WithMyVotesAsync(context.User, thread, ct));
            }
            catch (InvalidReadException invalid)
            {
                return ApiInput.FieldError(invalid.Field, invalid.Message);
            }
        });

        threads.MapPost("/{id}/read", async Task<IResult> (string id, ReadRequest? request, ReadMarkService reading, HttpContext context) =>
        {
            if (!ApiInput.TryParseId(id, out var threadId))
            {
                return ApiInput.FieldError("id", "The thread id must be a positive whole number.");
            }

            if (request?.Seq is not { } seq)
            {
                if (ForumActor.IdOf(context.User) is null)
                {
                    return ApiInput.Problem(ForumError.SignInRequired(), context);
                }

                return ApiInput.FieldError("seq", "Give 'seq' as the sequence number you have read up to.");
            }

            var result = await reading.MarkReadAsync(context.User, threadId, seq, context.RequestAborted);
            return result.Error is { } error ? ApiInput.Problem(error, context) : TypedResults.NoContent();
        });

        threads.MapGet("/{id}/events", async Task<Results<Ok<IReadOnlyList<ThreadEventView>>, ValidationProblem, ProblemHttpResult>> (
            string id, string? after, ThreadService service, CancellationToken ct) =>
        {
            if (!ApiInput.TryParseId(id, out var threadId))
            {
                return ApiInput.FieldError("id", "The thread id must be a positive whole number.");
            }

            if (!long.TryParse(after, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var afterSeq) || afterSeq < 0)
            {
                return ApiInput.FieldError("after", "Give 'after' as the last sequence number you have (0 or more).");
            }

            var events = await service.GetEventsAsync(threadId, afterSeq, ct);
            return events is null ? ApiInput.NotFound("Thread") : TypedResults.Ok(events);
        });

        return endpoints;
    }
}
