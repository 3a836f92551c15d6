namespace ForumApp.Features.Moderation;

/// <summary>Which of a suspended member's comments go with the suspension.</summary>
public enum RemoveCommentsScope
{
    None,
    Thread,
    All,
}

/// <summary>The scope as pages and the API spell it ("none", "thread", "all"), parsed in one place.</summary>
public static class RemoveCommentsScopes
{
    public static ForumError Invalid => ForumError.Invalid("removeComments", "removeComments is \"none\", \"thread\" or \"all\".");

    public static RemoveCommentsScope? Parse(string? raw) => raw?.Trim().ToLowerInvariant() switch
    {
        null or "" or "none" => RemoveCommentsScope.None,
        "thread" => RemoveCommentsScope.Thread,
        "all" => RemoveCommentsScope.All,
        _ => null,
    };
}
