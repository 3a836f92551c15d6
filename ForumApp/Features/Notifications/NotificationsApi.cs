using System.Globalization;

namespace ForumApp.Features.Notifications;

public sealed record MarkReadRequest(IReadOnlyList<long>? Ids, bool? All);

public sealed record UnreadCountResponse(int Count);

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder endpoints)
    {
        var notifications = endpoints.MapGroup("/api/notifications").WithTags("Notifications");

        // Limit and the unread flag arrive as strings so that malformed values get a 400 with field errors.
        notifications.MapGet("", async (string? limit, string? cursor, string? unread, NotificationService service, HttpContext context) =>
        {
            int? size = null;
            if (limit is not null)
            {
                if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return ApiInput.FieldError("limit", "The limit must be a whole number.");
                }

                size = parsed;
            }

            var unreadOnly = false;
            if (unread is not null && !bool.TryParse(unread, out unreadOnly))
            {
                return ApiInput.FieldError("unread", "unread is true or false.");
            }

            var result = await service.ListAsync(context.User, size, cursor, unreadOnly, context.RequestAborted);
            return result.Value is { } page ? TypedResults.Ok(page) : ApiInput.Problem(result.Error!, context);
        });

        notifications.MapGet("/unread-count", async (NotificationService service, HttpContext context) =>
        {
            var result = await service.UnreadCountAsync(context.User, context.RequestAborted);
            return result.Error is null ? TypedResults.Ok(new UnreadCountResponse(result.Value)) : ApiInput.Problem(result.Error, context);
        });

        notifications.MapPost("/read", async (MarkReadRequest request, NotificationService service, HttpContext context) =>
        {
            var result = await service.MarkReadAsync(context.User, request.Ids, request.All ?? false, context.RequestAborted);
            return result.Error is null ? TypedResults.NoContent() : ApiInput.Problem(result.Error, context);
        });

        return endpoints;
    }
}
