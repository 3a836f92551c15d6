using ForumApp.Data;
using Microsoft.Extensions.Options;

namespace ForumApp.Seeding;

public static class SeedingSetup
{
    public static WebApplicationBuilder AddForumSeeding(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SeedImporter>();
        return builder;
    }

    /// <summary>Runs before the app serves its first request, so the first visitor already sees the seed threads.</summary>
    public static async Task ImportForumSeedsAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ForumOptions>>().Value;
        var folder = ResolveSeedFolder(app.Environment, options);
        await app.Services.GetRequiredService<SeedImporter>().ImportFolderAsync(folder);
    }

    private static string ResolveSeedFolder(IHostEnvironment environment, ForumOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.SeedFolder))
        {
            return Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.SeedFolder));
        }

        // Run from the repository (dotnet run): the seeds/ folder beside the project.
        // Run from a build or publish output: the copy the project file places beside the app.
        var repositorySeeds = Path.GetFullPath(Path.Combine(environment.ContentRootPath, "..", "seeds"));
        return Directory.Exists(repositorySeeds)
            ? repositorySeeds
            : Path.Combine(AppContext.BaseDirectory, "seeds");
    }
}
