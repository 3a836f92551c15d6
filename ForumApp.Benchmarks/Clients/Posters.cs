using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ForumApp.Benchmarks.Clients;

internal readonly record struct Sent(long SentAt, long AckedAt, long? Seq, HttpStatusCode Status);

/// <summary>Something that makes one event reach every subscriber, triggered by one HTTP POST.</summary>
internal interface IPoster
{
    /// <summary>A few untimed posts (connections, JIT); returns the sequence number the timed ones follow.</summary>
    Task<long> WarmUpAsync(CancellationToken ct);

    Task<Sent> PostAsync(int index, CancellationToken ct);
}

/// <summary>The forum: POST /api/threads/{id}/comments as a member; the event's seq comes back in the answer.</summary>
internal sealed class ForumPoster(ForumClient client, string token, long threadId, string body) : IPoster
{
    public async Task<long> WarmUpAsync(CancellationToken ct)
    {
        long seq = 0;
        for (var i = 0; i < 5; i++)
        {
            var outcome = await client.PostCommentAsync(token, threadId, null, body, ct);
            seq = outcome.Comment?.Seq ?? throw new InvalidOperationException($"Warm-up post failed: {(int)outcome.Status}.");
        }

        return seq;
    }

    public async Task<Sent> PostAsync(int index, CancellationToken ct)
    {
        var outcome = await client.PostCommentAsync(token, threadId, null, body, ct);
        return new Sent(outcome.SentAt, outcome.AckedAt, outcome.Comment?.Seq, outcome.Status);
    }
}

/// <summary>
/// The baseline: POST /benchmark/baseline with the forum's own event JSON (same size), which the app
/// broadcasts to every client of a bare hub. The poster numbers the events itself.
/// </summary>
internal sealed class BaselinePoster : IPoster
{
    private const string Marker = "987654321012345";
    private readonly ForumClient _client;
    private readonly string _template;
    private readonly long _baseSeq;

    public BaselinePoster(ForumClient client, string forumEventJson, long baseSeq)
    {
        _client = client;
        _baseSeq = baseSeq;
        var node = JsonNode.Parse(forumEventJson)!.AsObject();
        node["seq"] = long.Parse(Marker, CultureInfo.InvariantCulture);
        _template = node.ToJsonString();
    }

    public int PayloadBytes => Encoding.UTF8.GetByteCount(_template);

    public async Task<long> WarmUpAsync(CancellationToken ct)
    {
        for (var i = 0; i < 5; i++)
        {
            // Numbered at the base itself: outside every subscriber's recording window.
            var sent = await SendAsync(_baseSeq, ct);
            if (sent.Status != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Baseline warm-up failed: {(int)sent.Status}.");
            }
        }

        return _baseSeq;
    }

    public Task<Sent> PostAsync(int index, CancellationToken ct) => SendAsync(_baseSeq + index + 1, ct);

    private async Task<Sent> SendAsync(long seq, CancellationToken ct)
    {
        var payload = Encoding.UTF8.GetBytes(_template.Replace(Marker, seq.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/benchmark/baseline")
        {
            Content = new ByteArrayContent(payload) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        var sentAt = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _client.Http.SendAsync(request, ct);
            var ackedAt = Stopwatch.GetTimestamp();
            return new Sent(sentAt, ackedAt, response.IsSuccessStatusCode ? seq : null, response.StatusCode);
        }
        catch (HttpRequestException)
        {
            return new Sent(sentAt, Stopwatch.GetTimestamp(), null, 0);
        }
    }
}
