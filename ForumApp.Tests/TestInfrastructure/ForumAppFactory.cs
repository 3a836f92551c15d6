using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// The whole app on a real SQLite file in its own data folder. Two factories given the same folder
/// behave like a restart (or a second instance) on the same database.
/// </summary>
public sealed class ForumAppFactory(string? dataFolder = null, string? seedFolder = null) : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new();

    public string DataFolder { get; } = dataFolder ?? TestFolders.NewTempFolder("app");
    public string SeedFolder { get; } = seedFolder ?? Path.Combine(RepoPaths.Root, "seeds");

    /// <summary>Extra configuration, applied before the app starts.</summary>
    public ForumAppFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Forum:DataFolder", DataFolder);
        builder.UseSetting("Forum:SeedFolder", SeedFolder);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public T GetService<T>() where T : notnull => Services.GetRequiredService<T>();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
