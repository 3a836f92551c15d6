using ForumApp.Benchmarks.BlazorClient;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Benchmarks;

/// <summary>
/// An operator who pays more for bandwidth than for the server's CPU and memory turns circuits' compression on: the
/// server then accepts the compression a browser offers, and the page still renders and takes live comments.
/// </summary>
public sealed class CompressedCircuitTests()
    : HeadlessClientTest(new ForumAppFactory().WithHighLimits().WithFastRealtime().WithSetting("Forum:CompressCircuitSockets", "true"))
{
    [Fact]
    public async Task A_forum_configured_to_compress_circuits_accepts_the_compression_a_browser_offers()
    {
        await using var circuit = new BlazorCircuit(Browser, new Uri(Server, "/t/1"));

        await circuit.StartAsync(Wait, CancellationToken.None);

        Assert.Equal(CircuitState.Connected, circuit.State);
        Assert.True(circuit.Compressed);
        Assert.True(circuit.Batches >= 1);
    }
}
