namespace ForumApp.Features.Votes;

/// <summary>The public HTTP API for votes (see docs/API.md).</summary>
public static class VotesApi
{
    public static IEndpointRouteBuilder MapVotesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPut("/api/comments/{id}/vote", async (string id, VoteRequest request, VoteService service, HttpContext context) =>
        {
            if (!ApiInput.TryParseId(id, out var commentId))
            {
                return ApiInput.FieldError("id", "The comment id must be a positive whole number.");
            }

            var result = await service.VoteAsync(context.User, commentId, request.Value, context.RequestAborted);
            return result.Value is { } vote ? TypedResults.Ok(vote) : ApiInput.Problem(result.Error!, context);
        }).WithTags("Votes");

        return endpoints;
    }
}
