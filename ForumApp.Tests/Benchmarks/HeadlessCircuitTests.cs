using System.Text.Json;
using ForumApp.Benchmarks.BlazorClient;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Benchmarks;

/// <summary>
/// The benchmark's headless Blazor client against the real app on a real port: it starts a circuit on a
/// thread page, sees a reply posted through the API arrive in a render batch (its text and its
/// <c>#c{id}</c> element), and after its socket is killed reconnects to the same circuit and keeps receiving.
/// </summary>
public sealed class HeadlessCircuitTests() : HeadlessClientTest(new ForumAppFactory().WithHighLimits().WithFastRealtime())
{
    [Fact]
    public async Task Starting_a_circuit_on_the_seed_thread_renders_it_interactively()
    {
        await using var circuit = new BlazorCircuit(Browser, new Uri(Server, "/t/1"));

        await circuit.StartAsync(Wait, CancellationToken.None);

        Assert.Equal(CircuitState.Connected, circuit.State);
        Assert.False(string.IsNullOrEmpty(circuit.CircuitId));
        Assert.True(circuit.Batches >= 1);
        // The server attached its renderer through JS interop, which the client answered.
        Assert.Contains("Blazor._internal.attachWebRendererInterop", Browser.Answers.Seen.Keys);
        // Offered compression as a browser offers it, the server declines: each batch compressed costs
        // every open page CPU and a compressor's state of about 300 KB (docs/PERFORMANCE.md, tenth run).
        Assert.False(circuit.Compressed);
    }

    [Fact]
    public async Task A_reply_posted_through_the_api_arrives_as_text_and_as_its_element()
    {
        var (member, threadId, topId) = await ThreadWithCommentAsync();
        var seen = new List<(long CommentId, int Circuit)>();
        Browser.OnComment = (index, commentId, _) =>
        {
            lock (seen)
            {
                seen.Add((commentId, index));
            }
        };
        await using var circuit = await StartCircuitAsync($"/t/{threadId}", index: 7);

        var marker = "headless-" + Guid.NewGuid().ToString("N")[..12];
        var arrival = circuit.WaitForBatchAsync(b => b.HasText(marker), Wait);
        var reply = await Api.PostCommentAsync(member, threadId, $"A reply the client waits for ({marker}).", topId);
        var replyId = reply.GetProperty("id").GetInt64();

        var batch = await arrival;
        Assert.NotNull(batch);
        Assert.Contains(replyId, batch.CommentIds);
        lock (seen)
        {
            Assert.Contains((replyId, 7), seen);
        }
    }

    [Fact]
    public async Task After_its_socket_is_killed_the_client_reconnects_to_the_same_circuit_and_sees_the_next_reply()
    {
        var (member, threadId, topId) = await ThreadWithCommentAsync();
        await using var circuit = await StartCircuitAsync($"/t/{threadId}");
        var circuitId = circuit.CircuitId;

        circuit.KillSocket();
        await WaitUntilAsync(() => circuit.Reconnections == 1 && circuit.State == CircuitState.Connected, "reconnected");

        Assert.Equal(circuitId, circuit.CircuitId);
        var marker = "after-reconnect-" + Guid.NewGuid().ToString("N")[..12];
        var arrival = circuit.WaitForBatchAsync(b => b.HasText(marker), Wait);
        var reply = await Api.PostCommentAsync(member, threadId, $"Posted after the socket dropped ({marker}).", topId);

        var batch = await arrival;
        Assert.NotNull(batch);
        Assert.Contains(reply.GetProperty("id").GetInt64(), batch.CommentIds);
        Assert.Equal(CircuitState.Connected, circuit.State);
    }

    [Fact]
    public async Task A_circuit_that_pings_often_keeps_its_connection_and_keeps_receiving()
    {
        // A malformed ping makes the server close the connection at the first one; these come every 200 ms.
        await using var pinging = new HeadlessBrowser(pingEvery: TimeSpan.FromMilliseconds(200));
        var (member, threadId, topId) = await ThreadWithCommentAsync();
        await using var circuit = await StartCircuitAsync($"/t/{threadId}", pinging);

        var marker = "still-here-" + Guid.NewGuid().ToString("N")[..12];
        var arrival = circuit.WaitForBatchAsync(b => b.HasText(marker), Wait);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await Api.PostCommentAsync(member, threadId, $"Posted after many pings ({marker}).", topId);

        Assert.NotNull(await arrival);
        Assert.Equal(0, circuit.Reconnections);
        Assert.Equal(CircuitState.Connected, circuit.State);
    }

    [Fact]
    public async Task A_page_that_answers_late_acknowledges_a_batch_after_its_delay_and_keeps_receiving()
    {
        // No pings in the way: the only message the circuit sends is its answer.
        await using var late = new HeadlessBrowser(pingEvery: TimeSpan.FromHours(1));
        var (member, threadId, topId) = await ThreadWithCommentAsync();
        await using var circuit = await StartCircuitAsync($"/t/{threadId}", late);
        var delays = 0;
        late.AnswerDelay = () =>
        {
            Interlocked.Increment(ref delays);
            return TimeSpan.FromSeconds(3);
        };

        var marker = "answered-late-" + Guid.NewGuid().ToString("N")[..12];
        long sentWhenRead = -1;
        var arrival = circuit.WaitForBatchAsync(b =>
        {
            var match = b.HasText(marker);
            if (match)
            {
                sentWhenRead = circuit.MessagesSent;
            }

            return match;
        }, Wait);
        await Api.PostCommentAsync(member, threadId, $"A reply answered late ({marker}).", topId);

        Assert.NotNull(await arrival);
        Assert.Equal(sentWhenRead, circuit.MessagesSent);
        await WaitUntilAsync(() => circuit.MessagesSent > sentWhenRead, "the batch acknowledged");
        Assert.True(Volatile.Read(ref delays) >= 1);
        Assert.Equal(CircuitState.Connected, circuit.State);

        late.AnswerDelay = null;
        var next = "answered-at-once-" + Guid.NewGuid().ToString("N")[..12];
        var nextArrival = circuit.WaitForBatchAsync(b => b.HasText(next), Wait);
        await Api.PostCommentAsync(member, threadId, $"The next reply ({next}).", topId);
        Assert.NotNull(await nextArrival);
        Assert.Equal(0, circuit.Reconnections);
    }

    private async Task<(ApiMember Member, long ThreadId, long TopId)> ThreadWithCommentAsync()
    {
        var member = await Api.RegisterMemberAsync();
        var threadId = await Api.CreateThreadAsync(member);
        JsonElement top = await Api.PostCommentAsync(member, threadId, "A first comment to reply to.");
        return (member, threadId, top.GetProperty("id").GetInt64());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }
}
