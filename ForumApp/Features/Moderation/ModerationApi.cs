using System.Globalization;
using ForumApp.Data;

namespace ForumApp.Features.Moderation;

/// <summary>
/// Moderation over HTTP. The endpoints only translate: who may do what is decided in the services,
/// exactly as for the moderator pages.
/// </summary>
public static class ModerationApi
{
    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder endpoints)
    {
        var moderation = endpoints.MapGroup("/api/moderation").WithTags("Moderation");

        moderation.MapPost("/comments/{id}/remove", (string id, RemoveCommentRequest? request, CommentModerationService service, HttpContext context) =>
            WithId(id, context, async commentId =>
                Answer(await service.RemoveCommentAsync(context.User, commentId, request?.Reason, request?.IncludeReplies ?? false, context.RequestAborted),
                    context, removed => TypedResults.Ok(new RemovedComments(removed.BatchId, removed.RemovedCommentIds)))));

        moderation.MapPost("/comments/{id}/restore", (string id, CommentModerationService service, HttpContext context) =>
            WithId(id, context, async commentId =>
                Answer(await service.RestoreCommentAsync(context.User, commentId, context.RequestAborted),
                    context, restored => TypedResults.Ok(new RestoredComments(restored)))));

        moderation.MapGet("/comments/{id}", (string id, CommentModerationService service, HttpContext context) =>
            WithId(id, context, async commentId =>
                Answer(await service.GetCommentAsync(context.User, commentId, context.RequestAborted), context, TypedResults.Ok)));

        moderation.MapPost("/threads/{id}/lock", (string id, ReasonRequest? request, ThreadModerationService service, HttpContext context) =>
            WithId(id, context, async threadId =>
                Answer(await service.LockThreadAsync(context.User, threadId, request?.Reason, context.RequestAborted), context, _ => TypedResults.NoContent())));

        moderation.MapPost("/threads/{id}/unlock", (string id, ThreadModerationService service, HttpContext context) =>
            WithId(id, context, async threadId =>
                Answer(await service.UnlockThreadAsync(context.User, threadId, context.RequestAborted), context, _ => TypedResults.NoContent())));

        moderation.MapPost("/threads/{id}/pin", (string id, ThreadModerationService service, HttpContext context) =>
            WithId(id, context, async threadId =>
                Answer(await service.PinThreadAsync(context.User, threadId, context.RequestAborted), context, _ => TypedResults.NoContent())));

        moderation.MapPost("/threads/{id}/unpin", (string id, ThreadModerationService service, HttpContext context) =>
            WithId(id, context, async threadId =>
                Answer(await service.UnpinThreadAsync(context.User, threadId, context.RequestAborted), context, _ => TypedResults.NoContent())));

        moderation.MapPost("/threads/{id}/remove", (string id, ReasonRequest? request, ThreadModerationService service, HttpContext context) =>
            WithId(id, context, async threadId =>
                Answer(await service.SetThreadRemovedAsync(context.User, threadId, removed: true, request?.Reason, context.RequestAborted), context, _ => TypedResults.NoContent())));

        moderation.MapPost("/threads/{id}/restore", (string id, ThreadModerationService service, HttpContext context) =>
            WithId(id, context, async threadId =>
                Answer(await service.SetThreadRemovedAsync(context.User, threadId, removed: false, null, context.RequestAborted), context, _ => TypedResults.NoContent())));

        moderation.MapPut("/threads/{id}", (string id, EditThreadRequest request, ThreadModerationService service, HttpContext context) =>
            WithId(id, context, async threadId =>
                Answer(await service.EditThreadAsync(context.User, threadId, request.Title, request.Body, context.RequestAborted), context, _ => TypedResults.NoContent())));

        moderation.MapPost("/users/{id}/suspend", (string id, SuspendRequest request, MemberModerationService service, HttpContext context) =>
            WithId(id, context, async memberId =>
                Answer(await service.SuspendAsync(context.User, memberId, request.Until, request.Reason, request.RemoveComments, request.ThreadId, context.RequestAborted),
                    context, _ => TypedResults.NoContent())));

        moderation.MapPost("/users/{id}/unsuspend", (string id, MemberModerationService service, HttpContext context) =>
            WithId(id, context, async memberId =>
                Answer(await service.UnsuspendAsync(context.User, memberId, context.RequestAborted), context, _ => TypedResults.NoContent())));

        moderation.MapGet("/reports", async (string? status, ReportService reports, HttpContext context) =>
        {
            ReportStatus? wanted = status switch
            {
                null or "" => null,
                "open" => ReportStatus.Open,
                "actioned" => ReportStatus.Actioned,
                "dismissed" => ReportStatus.Dismissed,
                _ => (ReportStatus)(-1),
            };
            if (wanted is (ReportStatus)(-1))
            {
                return ApiInput.FieldError("status", "The status is \"open\", \"actioned\" or \"dismissed\".");
            }

            return Answer(await reports.ListAsync(context.User, wanted, context.RequestAborted), context, TypedResults.Ok);
        });

        moderation.MapPost("/reports/{id}/resolve", (string id, ResolveReportRequest request, ReportService reports, HttpContext context) =>
            WithId(id, context, async reportId =>
                Answer(await reports.ResolveAsync(context.User, reportId, request.Action, request.Reason, context.RequestAborted), context, TypedResults.Ok)));

        moderation.MapGet("/log", async (string? moderator, string? member, string? thread, string? action, string? from, string? to,
            ModerationLog service, HttpContext context) =>
        {
            var errors = new Dictionary<string, string[]>();
            var filter = new ModerationLogFilter(
                OptionalId(moderator, "moderator", errors),
                OptionalId(member, "member", errors),
                OptionalId(thread, "thread", errors),
                string.IsNullOrWhiteSpace(action) ? null : action.Trim(),
                OptionalTime(from, "from", errors),
                OptionalTime(to, "to", errors));
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }

            return Answer(await service.GetLogAsync(context.User, filter, context.RequestAborted), context, TypedResults.Ok);
        });

        endpoints.MapPost("/api/comments/{id}/reports", (string id, ReportRequest request, ReportService reports, HttpContext context) =>
            WithId(id, context, async commentId =>
                Answer(await reports.ReportAsync(context.User, commentId, request.Reason, context.Connection.RemoteIpAddress, context.RequestAborted),
                    context, report => TypedResults.Created($"/api/moderation/reports/{report.Id}", report))))
            .WithTags("Moderation");

        endpoints.MapPost("/api/admin/users/{id}/roles", (string id, RoleRequest request, RoleService service, HttpContext context) =>
            WithId(id, context, async memberId =>
                Answer(await service.SetModeratorAsync(context.User, memberId, request.Role, request.Grant, context.RequestAborted), context, _ => TypedResults.NoContent())))
            .WithTags("Admin");

        return endpoints;
    }

    private static async Task<IResult> WithId(string raw, HttpContext context, Func<long, Task<IResult>> next) =>
        ApiInput.TryParseId(raw, out var id)
            ? await next(id)
            : ApiInput.FieldError("id", "The id must be a positive whole number.");

    private static IResult Answer<T>(ForumResult<T> result, HttpContext context, Func<T, IResult> success) =>
        result.Error is { } error ? ApiInput.Problem(error, context) : success(result.Value!);

    private static long? OptionalId(string? raw, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (ApiInput.TryParseId(raw.Trim(), out var id))
        {
            return id;
        }

        errors[field] = [$"{field} must be an id (a positive whole number)."];
        return null;
    }

    private static DateTime? OptionalTime(string? raw, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            return DateTime.SpecifyKind(at, DateTimeKind.Utc);
        }

        errors[field] = [$"{field} must be an ISO-8601 time, e.g. 2026-01-31T12:00:00Z."];
        return null;
    }
}
