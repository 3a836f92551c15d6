namespace ForumApp.Features;

public enum ForumErrorKind
{
    Invalid = 400,
    Unauthenticated = 401,
    Forbidden = 403,
    NotFound = 404,
    Conflict = 409,
    TooManyRequests = 429,
    Unavailable = 503,
}

/// <summary>
/// An expected failure of a forum action, in words a person can act on. Every entry point maps it the
/// same way: a message next to the editor, an HTTP problem, or a hub error starting with the status.
/// </summary>
public sealed record ForumError(ForumErrorKind Kind, string Message, string? Field = null, TimeSpan? RetryAfter = null)
{
    public int Status => (int)Kind;

    public static ForumError Invalid(string field, string message) => new(ForumErrorKind.Invalid, message, field);
    public static ForumError SignInRequired() => new(ForumErrorKind.Unauthenticated, Authorization.GuardMessages.SignIn);
    public static ForumError Forbidden(string message) => new(ForumErrorKind.Forbidden, message);
    public static ForumError NotFound(string message) => new(ForumErrorKind.NotFound, message);
    public static ForumError Conflict(string message) => new(ForumErrorKind.Conflict, message);

    /// <summary>The database is locked, busy or unreadable: nothing was stored, and trying again later will do.</summary>
    public static ForumError DatabaseUnavailable() => new(
        ForumErrorKind.Unavailable,
        "The forum's database is not answering just now, so nothing was saved. Try again in a moment.",
        RetryAfter: TimeSpan.FromSeconds(5));
}

/// <summary>The value of a forum action, or why it did not happen.</summary>
public readonly record struct ForumResult<T>(T? Value, ForumError? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>For values the implicit conversion cannot take (interfaces such as <c>IReadOnlyList</c>).</summary>
    public static ForumResult<T> Of(T value) => new(value, null);

    public static implicit operator ForumResult<T>(T value) => new(value, null);
    public static implicit operator ForumResult<T>(ForumError error) => new(default, error);
}
