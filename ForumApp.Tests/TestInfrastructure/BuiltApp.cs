namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// The app's own build output (ForumApp/bin/&lt;configuration&gt;/net10.0), for tests that need it as a
/// separate process, e.g. to kill it with SIGKILL. It is built with the tests, in the same configuration.
/// </summary>
public static class BuiltApp
{
    public static string Folder { get; } = Find();

    private static string Find()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent?.Name ?? throw new InvalidOperationException($"Unexpected test folder {framework.FullName}.");
        var folder = Path.Combine(RepoPaths.Root, "ForumApp", "bin", configuration, framework.Name);
        return File.Exists(Path.Combine(folder, "ForumApp.dll"))
            ? folder
            : throw new InvalidOperationException($"ForumApp is not built at {folder}; build the solution first.");
    }
}

/// <summary>Tests that run the app as its own processes: one at a time, they load the machine enough.</summary>
[CollectionDefinition(Name)]
public sealed class AppProcessCollection
{
    public const string Name = "App processes";
}
