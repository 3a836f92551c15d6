using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ForumApp.Benchmarks.Clients;

namespace ForumApp.Chaos.Load;

/// <summary>A comment as the database holds it, read back through the API.</summary>
public sealed record StoredComment(long Id, bool Live, string? RequestId);

/// <summary>A thread as the server holds it after the run: its comments, its event log and what is wrong with that log.</summary>
public sealed record StoredThread(long Id, long LastSeq, IReadOnlyDictionary<long, StoredComment> Comments, IReadOnlyList<string> IntegrityErrors);

/// <summary>Moderation and the reads the final checks make, through the public API with the moderator's token.</summary>
internal sealed partial class ForumReads(ForumClient client, string moderatorToken)
{
    public async Task<bool> RemoveAsync(long commentId, bool includeReplies, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/moderation/comments/{commentId}/remove",
            new { reason = "Removed during the chaos run.", includeReplies }, ct);
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> RestoreAsync(long commentId, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/moderation/comments/{commentId}/restore", null, ct);
        return response.IsSuccessStatusCode;
    }

    /// <summary>
    /// The whole tree, the whole event log, and for removed comments their removed text (through the
    /// moderation read): which comment is live, and which request wrote each.
    /// </summary>
    public async Task<StoredThread> ReadThreadAsync(long threadId, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/threads/{threadId}", null, ct);
        response.EnsureSuccessStatusCode();
        using var thread = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var lastSeq = thread.RootElement.GetProperty("lastSeq").GetInt64();
        var errors = new List<string>();
        var comments = new Dictionary<long, StoredComment>();
        foreach (var c in thread.RootElement.GetProperty("comments").EnumerateArray())
        {
            var id = c.GetProperty("id").GetInt64();
            var live = !c.GetProperty("deleted").GetBoolean();
            var body = live ? c.GetProperty("body").GetString() : await RemovedTextAsync(id, ct);
            if (!comments.TryAdd(id, new StoredComment(id, live, RequestIdIn(body))))
            {
                errors.Add($"comment {id} appears twice in the tree");
            }
        }

        var events = await client.GetAllEventsAsync(threadId, ct);
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Seq != i + 1)
            {
                errors.Add($"event log not gapless: position {i + 1} holds seq {events[i].Seq}");
                break;
            }
        }

        var maxSeq = events.Count == 0 ? 0 : events[^1].Seq;
        if (maxSeq != lastSeq)
        {
            errors.Add($"lastSeq {lastSeq} but the newest event is {maxSeq}");
        }

        var posted = events.Where(e => e.Kind == "posted").GroupBy(e => e.CommentId!.Value).ToDictionary(g => g.Key, g => g.Count());
        errors.AddRange(posted.Where(p => p.Value > 1).Select(p => $"comment {p.Key} has {p.Value} posted events"));
        errors.AddRange(comments.Keys.Where(id => !posted.ContainsKey(id)).Select(id => $"comment {id} has no posted event"));
        errors.AddRange(posted.Keys.Where(id => !comments.ContainsKey(id)).Select(id => $"posted event for comment {id}, which the thread lacks"));
        return new StoredThread(threadId, lastSeq, comments, errors);
    }

    private async Task<string?> RemovedTextAsync(long commentId, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/moderation/comments/{commentId}", null, ct);
        response.EnsureSuccessStatusCode();
        var moderated = await response.Content.ReadFromJsonAsync<JsonElement>(ForumClient.Json, ct);
        return moderated.GetProperty("removedText").GetString();
    }

    private static string? RequestIdIn(string? body) => body is not null && RequestIdPattern().Match(body) is { Success: true } m ? m.Value : null;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", moderatorToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ForumClient.Json);
        }

        return await client.Http.SendAsync(request, ct);
    }

    [GeneratedRegex(@"w\d+-\d+")]
    private static partial Regex RequestIdPattern();
}
