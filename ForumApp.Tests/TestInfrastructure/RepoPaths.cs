namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// Locates the repository from the test binaries' folder, so tests read the real seed files
/// instead of copies that could drift from them.
/// </summary>
public static class RepoPaths
{
    private const string MarkerSeedFile = "000_f60541067d832028.txt";

    private static readonly Lazy<string> _root = new(FindRoot);

    public static string Root => _root.Value;

    public static string SeedFile(string name) => Path.Combine(Root, "seeds", name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            // The solution file marks the repository; build outputs carry copies of the seeds too.
            if (File.Exists(Path.Combine(directory.FullName, "ForumApp.sln"))
                && File.Exists(Path.Combine(directory.FullName, "seeds", MarkerSeedFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find the repository root: no folder above '{AppContext.BaseDirectory}' contains seeds/{MarkerSeedFile}.");
    }
}
