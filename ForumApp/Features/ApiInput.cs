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

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found.");
}
