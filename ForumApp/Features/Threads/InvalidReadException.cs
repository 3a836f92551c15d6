namespace ForumApp.Features.Threads;

/// <summary>A read request that cannot be answered as asked; keyed by the offending field.</summary>
public sealed class InvalidReadException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
