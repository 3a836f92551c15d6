using System.Net;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Integration;

/// <summary>The whole app configured with Database:Provider=PostgreSql: it migrates an empty database, answers health and stores a comment.</summary>
public sealed class AppOnPostgreSqlTests(PostgreSqlDatabaseFixture fixture) : IClassFixture<PostgreSqlDatabaseFixture>, IRunsOnPostgreSql
{
    [ProviderFact]
    public async Task TwoInstancesMigrateAnswerHealthAndShareComments()
    {
        await using var one = new ForumAppFactory().WithDatabase(fixture.Database).WithHighLimits();
        await using var two = new ForumAppFactory().WithDatabase(fixture.Database).WithHighLimits();
        using var clientOne = one.CreateClient();
        using var clientTwo = two.CreateClient();
        using var health = await clientOne.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var healthTwo = await clientTwo.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, healthTwo.StatusCode);

        using var apiOne = one.CreateApiClient();
        using var apiTwo = two.CreateApiClient();
        var member = await apiOne.RegisterMemberAsync();
        var threadId = await apiOne.CreateThreadAsync(member);
        var first = await apiOne.PostCommentAsync(member, threadId, "posted on the first instance", clientRequestId: "same-request");
        var again = await apiTwo.SendAsync(
            HttpMethod.Post, $"/api/threads/{threadId}/comments", member,
            new { parentId = (long?)null, body = "posted on the first instance", clientRequestId = "same-request" }, HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        var thread = await apiTwo.SendAsync(HttpMethod.Get, $"/api/threads/{threadId}", null, null, HttpStatusCode.OK);
        Assert.Contains("posted on the first instance", thread.ToString(), StringComparison.Ordinal);
    }
}
