namespace ForumApp.Features.Authorization;

/// <summary>What an actor asks to do; <see cref="ForumGuard"/> decides each the same way for every entry point.</summary>
public enum ForumPermission
{
    /// <summary>Post, edit, delete, start a thread, signal "is replying".</summary>
    Write,
    Vote,
    Report,
    Moderate,
    Administer,
}
