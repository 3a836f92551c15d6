using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ForumApp.Features;

/// <summary>Shared parsing and RFC 9457 error shapes for the HTTP API.</summary>
public static class ApiInput
{
    public static bool TryParseId(string? raw, out long id) =>
        long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    public static ValidationProblem FieldError(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The HTTP form of a refused forum action: field errors as a validation problem, 429 with Retry-After.</summary>
    public static IResult Problem(ForumError error, HttpContext context)
    {
        if (error.Kind == ForumErrorKind.Invalid && error.Field is not null)
        {
            return FieldError(error.Field, error.Message);
        }

        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(statusCode: error.Status, title: error.Message);
    }

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found.");
}
