using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ForumApp.Benchmarks.Clients;

/// <summary>A comment as the API returns it after posting: the fields the benchmark needs.</summary>
internal sealed record PostedComment(long Id, long Seq, long? ParentId, int Depth);

internal readonly record struct PostOutcome(HttpStatusCode Status, PostedComment? Comment, long SentAt, long AckedAt);

internal sealed record ServerMemory(long WorkingSetBytes, long ManagedBytes);

/// <summary>The forum's HTTP API (docs/API.md), one shared connection pool for every simulated member.</summary>
internal sealed class ForumClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    public ForumClient(Uri baseUrl)
    {
        BaseUrl = baseUrl;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AllowAutoRedirect = false,
        })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http => _http;

    /// <summary>Registers a member and logs in; returns the bearer token.</summary>
    public async Task<string> NewMemberAsync(string displayName, CancellationToken ct)
    {
        var email = $"{displayName.ToLowerInvariant()}@bench.example";
        const string password = "benchmark-password-1";
        using (var register = await _http.PostAsJsonAsync("/api/auth/register", new { displayName, email, password }, Json, ct))
        {
            await EnsureAsync(register, "register");
        }

        using var login = await _http.PostAsJsonAsync("/api/auth/login", new { email, password }, Json, ct);
        await EnsureAsync(login, "login");
        using var body = JsonDocument.Parse(await login.Content.ReadAsStringAsync(ct));
        return body.RootElement.GetProperty("accessToken").GetString()!;
    }

    public async Task<long> NewThreadAsync(string token, string title, string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/threads") { Content = JsonContent.Create(new { title, body }, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, ct);
        await EnsureAsync(response, "create thread");
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return created.RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>Posts a comment; the send time is taken right before the request goes out, the ack time right after the answer.</summary>
    public async Task<PostOutcome> PostCommentAsync(string token, long threadId, long? parentId, string body, CancellationToken ct, string? clientRequestId = null)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { parentId, body, clientRequestId }, Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/threads/{threadId}/comments")
        {
            Content = new ByteArrayContent(payload) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sentAt = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var ackedAt = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode)
            {
                return new PostOutcome(response.StatusCode, null, sentAt, ackedAt);
            }

            using var posted = JsonDocument.Parse(text);
            var root = posted.RootElement;
            var parent = root.GetProperty("parentId");
            return new PostOutcome(response.StatusCode, new PostedComment(
                root.GetProperty("id").GetInt64(),
                root.GetProperty("seq").GetInt64(),
                parent.ValueKind == JsonValueKind.Number ? parent.GetInt64() : null,
                root.GetProperty("depth").GetInt32()), sentAt, ackedAt);
        }
        catch (HttpRequestException)
        {
            return new PostOutcome(0, null, sentAt, Stopwatch.GetTimestamp());
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new PostOutcome(HttpStatusCode.RequestTimeout, null, sentAt, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>The whole thread (no limit): every comment id in display order.</summary>
    public async Task<(long LastSeq, List<long> CommentIds)> GetThreadAsync(long threadId, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"/api/threads/{threadId}", ct);
        await EnsureAsync(response, "read thread");
        using var thread = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        var ids = thread.RootElement.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).ToList();
        return (thread.RootElement.GetProperty("lastSeq").GetInt64(), ids);
    }

    /// <summary>Every event of the thread, paged as the API asks (a full page of 1,000 means: ask again).</summary>
    public async Task<List<(long Seq, string Kind, long? CommentId)>> GetAllEventsAsync(long threadId, CancellationToken ct)
    {
        var events = new List<(long, string, long?)>();
        long after = 0;
        for (var pages = 0; pages < 10_000; pages++)
        {
            using var response = await _http.GetAsync($"/api/threads/{threadId}/events?after={after}", ct);
            await EnsureAsync(response, "read events");
            using var page = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
            var count = 0;
            foreach (var e in page.RootElement.EnumerateArray())
            {
                count++;
                var comment = e.GetProperty("comment");
                after = e.GetProperty("seq").GetInt64();
                events.Add((after, e.GetProperty("kind").GetString()!, comment.ValueKind == JsonValueKind.Object ? comment.GetProperty("id").GetInt64() : null));
            }

            if (count < 1000)
            {
                break;
            }
        }

        return events;
    }

    /// <summary>The first event of a thread exactly as the API (and the hub) serializes it.</summary>
    public async Task<string> GetFirstEventJsonAsync(long threadId, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"/api/threads/{threadId}/events?after=0", ct);
        await EnsureAsync(response, "read events");
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return page.RootElement[0].GetRawText();
    }

    /// <summary>Full collection in the server, then its working set and live managed bytes.</summary>
    public async Task<ServerMemory> CollectGarbageAsync(CancellationToken ct)
    {
        // Twice, a moment apart: finalizers and Blazor's own clean-up run between the two.
        using (var first = await _http.PostAsync("/benchmark/gc", null, ct))
        {
            await EnsureAsync(first, "collect garbage");
        }

        await Task.Delay(500, ct);
        using var response = await _http.PostAsync("/benchmark/gc", null, ct);
        await EnsureAsync(response, "collect garbage");
        return (await response.Content.ReadFromJsonAsync<ServerMemory>(Json, ct))!;
    }

    /// <summary>The server's managed bytes allocated since it started (GC.GetTotalAllocatedBytes).</summary>
    public async Task<long> AllocatedBytesAsync(CancellationToken ct) =>
        await _http.GetFromJsonAsync<long>("/benchmark/allocated", Json, ct);

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
        }
    }

    public void Dispose() => _http.Dispose();
}
