using System.Net;
using ForumApp.Benchmarking;
using ForumApp.Benchmarks.BlazorClient;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Benchmarks;

/// <summary>
/// The benchmark's bare thread page, the yardstick a thread page's cost is read against: on a benchmark
/// instance it shows each new comment of the thread as it is posted, one render batch inserting that comment
/// alone, past its first run of 16; on any other instance it does not exist.
/// </summary>
public sealed class BareThreadPageTests() : HeadlessClientTest(
    new ForumAppFactory().WithHighLimits().WithFastRealtime().WithSetting(BaselineSetup.EnabledKey, "true"))
{
    [Fact]
    public async Task Each_comment_posted_arrives_in_a_batch_that_inserts_it_alone()
    {
        var member = await Api.RegisterMemberAsync();
        var threadId = await Api.CreateThreadAsync(member);
        await using var circuit = await StartCircuitAsync($"/benchmark/bare/{threadId}");

        // 18 comments: the 17th starts a second run, the 18th draws only in it.
        for (var i = 1; i <= 18; i++)
        {
            var marker = $"bare-{i}-" + Guid.NewGuid().ToString("N")[..8];
            var arrival = circuit.WaitForBatchAsync(b => b.HasText(marker), Wait);
            var id = (await Api.PostCommentAsync(member, threadId, $"Comment {i} ({marker}).")).GetProperty("id").GetInt64();

            var batch = await arrival;
            Assert.NotNull(batch);
            Assert.Equal([id], batch.CommentIds);
        }
    }

    [Fact]
    public async Task An_instance_that_is_not_benchmarked_has_no_bare_page()
    {
        await using var plain = new ForumAppFactory();
        using var client = plain.CreateClient();

        var response = await client.GetAsync("/benchmark/bare/1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        TestFolders.TryDelete(plain.DataFolder);
    }
}
