using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ForumApp.Features;

/// <summary>Shared parsing and RFC 9457 error shapes for the HTTP API.</summary>
public static partial class ApiInput
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

    /// <summary>
    /// A request the endpoint could not bind (JSON of the wrong shape, a query value of the wrong type) as
    /// the contract's validation problem: 400 with <c>errors</c> keyed by the field as clients spell it
    /// (<c>parentId</c>, <c>after</c>), or by <c>$</c> when the body as a whole is unreadable. Other
    /// statuses (413, 415) keep theirs, as a plain problem.
    /// </summary>
    public static IResult BindingProblem(BadHttpRequestException exception)
    {
        if (exception.StatusCode != StatusCodes.Status400BadRequest)
        {
            return TypedResults.Problem(statusCode: exception.StatusCode, title: exception.Message);
        }

        if (exception.InnerException is JsonException json)
        {
            // A value of the wrong type names its field; broken JSON (cut short, a stray comma) is the body's fault.
            var field = json.Message.Contains("could not be converted", StringComparison.Ordinal) ? FieldOfJsonPath(json.Path) : "$";
            return FieldError(field, field == "$" ? "The request body is not valid JSON." : $"The value of '{field}' is not of the right type.");
        }

        var parameter = BoundParameter().Match(exception.Message);
        return parameter.Success
            ? FieldError(parameter.Groups["name"].Value, $"The value of '{parameter.Groups["name"].Value}' is missing or not of the right type.")
            : FieldError("$", "The request body is missing or not valid JSON.");
    }

    /// <summary><c>$.parentId</c> → <c>parentId</c>, <c>$.items[0].id</c> → <c>items[0].id</c>, <c>$</c> or none → <c>$</c>.</summary>
    public static string FieldOfJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "$";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "$" : field;
    }

    // ASP.NET Core's binding messages name the parameter as "<type> <name>": Failed to bind parameter "long after" from "x".
    [GeneratedRegex("parameter \"(?:[^\" ]+ )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex BoundParameter();
}
