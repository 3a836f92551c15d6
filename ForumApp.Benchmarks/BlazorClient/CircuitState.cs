namespace ForumApp.Benchmarks.BlazorClient;

/// <summary>Where a headless circuit is in its life, as the browser's circuit manager would see it.</summary>
public enum CircuitState
{
    Created,
    Starting,
    Connected,
    Reconnecting,
    Failed,
    Closed,
}
