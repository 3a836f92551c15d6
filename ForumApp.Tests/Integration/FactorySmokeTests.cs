using System.Net;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Integration;

public sealed class FactorySmokeTests
{
    [Fact]
    public async Task AppStartsOnItsOwnDataFolder()
    {
        await using var app = new ForumAppFactory();
        var client = app.CreateClient();
        var response = await client.GetAsync("/api/threads");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(Path.Combine(app.DataFolder, "forum.db")));
    }
}
