namespace ForumApp.Features.Comments;

public sealed record PostCommentRequest(long? ParentId, string? Body, string? ClientRequestId);
public sealed record EditCommentRequest(string? Body);

/// <summary>The comment object plus the sequence number of the event that recorded it.</summary>
public sealed record PostedCommentResponse(
    long Id, long ThreadId, long? ParentId, int Depth, string Author, long? AuthorId, string? Body, string? BodyHtml,
    DateTime CreatedAt, DateTime? EditedAt, bool Deleted, string? DeletedBy, string? Reason, int ReplyCount, long Seq)
{
    public int Score { get; init; }

    /// <summary>The poster's own vote, which is always none: nobody votes on their own comment.</summary>
    public int? MyVote { get; init; }

    public static PostedCommentResponse From(PostedComment posted)
    {
        var c = posted.Comment;
        return new(c.Id, c.ThreadId, c.ParentId, c.Depth, c.Author, c.AuthorId, c.Body, c.BodyHtml,
            c.CreatedAt, c.EditedAt, c.Deleted, c.DeletedBy, c.Reason, c.ReplyCount, posted.Seq)
        {
            Score = c.Score,
            MyVote = 0,
        };
    }
}

public static class CommentsApi
{
    public static IEndpointRouteBuilder MapCommentsApi(this IEndpointRouteBuilder endpoints)
    {
        var comments = endpoints.MapGroup("/api/threads/{id}/comments").WithTags("Comments");

        comments.MapPost("", async (string id, PostCommentRequest request, CommentService service, HttpContext context) =>
        {
            if (!ApiInput.TryParseId(id, out var threadId))
            {
                return ApiInput.FieldError("id", "The thread id must be a positive whole number.");
            }

            var result = await service.PostAsync(context.User, threadId, request.ParentId, request.Body, request.ClientRequestId, context.RequestAborted);
            if (result.Value is not { } posted)
            {
                return ApiInput.Problem(result.Error!, context);
            }

            var response = PostedCommentResponse.From(posted);
            return posted.Replayed
                ? TypedResults.Ok(response)
                : TypedResults.Created($"/api/threads/{threadId}/comments/{posted.Comment.Id}", response);
        });

        comments.MapPut("/{commentId}", async (string id, string commentId, EditCommentRequest request, CommentService service, HttpContext context) =>
        {
            if (ParseIds(id, commentId) is { } invalid)
            {
                return invalid;
            }

            var result = await service.EditAsync(context.User, ParseId(id), ParseId(commentId), request.Body, context.RequestAborted);
            // Only its author edits a comment, and nobody votes on their own.
            return result.Value is { } comment ? TypedResults.Ok(comment with { MyVote = 0 }) : ApiInput.Problem(result.Error!, context);
        });

        comments.MapDelete("/{commentId}", async (string id, string commentId, CommentService service, HttpContext context) =>
        {
            if (ParseIds(id, commentId) is { } invalid)
            {
                return invalid;
            }

            var result = await service.DeleteAsync(context.User, ParseId(id), ParseId(commentId), context.RequestAborted);
            return result.Error is { } error ? ApiInput.Problem(error, context) : TypedResults.NoContent();
        });

        return endpoints;
    }

    private static long ParseId(string validated) => long.Parse(validated, System.Globalization.CultureInfo.InvariantCulture);

    private static IResult? ParseIds(string id, string commentId)
    {
        if (!ApiInput.TryParseId(id, out _))
        {
            return ApiInput.FieldError("id", "The thread id must be a positive whole number.");
        }

        return ApiInput.TryParseId(commentId, out _)
            ? null
            : ApiInput.FieldError("commentId", "The comment id must be a positive whole number.");
    }
}
