namespace ForumApp.Features.Moderation;

/// <summary>What a log entry is about, as the log API names it.</summary>
public static class ModerationTargets
{
    public const string Comment = "comment";
    public const string Thread = "thread";
    public const string Member = "member";
    public const string Report = "report";
}
