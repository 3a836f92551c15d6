namespace ForumApp.Benchmarks.BlazorClient;

/// <summary>Called when a circuit applies a render batch that inserts <c>id="c{commentId}"</c>; <paramref name="at"/> is Stopwatch time.</summary>
public delegate void CommentSeen(int circuitIndex, long commentId, long at);
