using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;

namespace ForumApp.Tests.Realtime;

/// <summary>
/// Listens on the instances' Redis channel like one more instance would, in arrival order, and keeps the
/// sequence numbers of the thread events it carries: the order every subscriber was handed them in.
/// </summary>
public sealed class RedisChannelRecorder : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly Channel<long> _seqs = System.Threading.Channels.Channel.CreateUnbounded<long>();

    private RedisChannelRecorder(ConnectionMultiplexer redis) => _redis = redis;

    public static async Task<RedisChannelRecorder> StartAsync(string configuration, string channel)
    {
        var recorder = new RedisChannelRecorder(await ConnectionMultiplexer.ConnectAsync(configuration));
        var queue = await recorder._redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(channel));

        // A queue, not a handler: handlers run concurrently, a queue keeps the order Redis delivered.
        queue.OnMessage(message =>
        {
            using var document = JsonDocument.Parse((byte[])message.Message!);
            foreach (var seq in SeqsIn(document.RootElement))
            {
                recorder._seqs.Writer.TryWrite(seq);
            }
        });
        return recorder;
    }

    public async Task<List<long>> WaitForSeqsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(ThreadsHubClient.Patience);
        var seqs = new List<long>();
        while (seqs.Count < count)
        {
            seqs.Add(await _seqs.Reader.ReadAsync(timeout.Token));
        }

        return seqs;
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    // Every "seq" anywhere in the message: thread events carry one each, presence carries none.
    private static IEnumerable<long> SeqsIn(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.NameEquals("seq") && p.Value.ValueKind == JsonValueKind.Number ? [p.Value.GetInt64()] : SeqsIn(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(SeqsIn),
        _ => [],
    };
}
