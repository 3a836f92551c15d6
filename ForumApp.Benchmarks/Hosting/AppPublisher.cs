using System.Diagnostics;

namespace ForumApp.Benchmarks.Hosting;

/// <summary>
/// Publishes ForumApp in Release once per run. It publishes a copy of the source (ForumApp/ and seeds/)
/// taken at start, so that edits or builds going on in the work tree meanwhile cannot change or break
/// what is measured.
/// </summary>
internal static class AppPublisher
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "bin", "obj", "data", "TestResults", "node_modules" };

    public static async Task<string> PublishAsync(string repoRoot, string workFolder, CancellationToken cancellationToken)
    {
        var source = Path.Combine(workFolder, "src");
        var output = Path.Combine(workFolder, "app");
        CopyTree(Path.Combine(repoRoot, "ForumApp"), Path.Combine(source, "ForumApp"));
        CopyTree(Path.Combine(repoRoot, "seeds"), Path.Combine(source, "seeds"));
        foreach (var file in new[] { "global.json", "NuGet.config", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            if (File.Exists(Path.Combine(repoRoot, file)))
            {
                File.Copy(Path.Combine(repoRoot, file), Path.Combine(source, file));
            }
        }

        EnsureBaselineIsWired(Path.Combine(source, "ForumApp", "Program.cs"));

        Progress.Say($"publishing ForumApp (Release) from a copy of the source to {output}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "publish", Path.Combine(source, "ForumApp", "ForumApp.csproj"), "-c", "Release", "-o", output, "-nologo", "-v", "q" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start.");
        ChildProcesses.Add(process.Id);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(8), cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
            }
        }
        finally
        {
            ChildProcesses.Remove(process.Id);
        }

        return output;
    }

    /// <summary>
    /// The baseline hub and the GC endpoint come from ForumApp/Benchmarking, switched on by configuration;
    /// without Program.cs calling them the fan-out and memory figures cannot be taken.
    /// </summary>
    private static void EnsureBaselineIsWired(string programFile)
    {
        var program = File.ReadAllText(programFile);
        if (!program.Contains("AddForumBenchmarkBaseline", StringComparison.Ordinal)
            || !program.Contains("MapForumBenchmarkBaseline", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                "ForumApp/Program.cs must call builder.AddForumBenchmarkBaseline() and app.MapForumBenchmarkBaseline() (ForumApp.Benchmarking).");
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            if (!Skipped.Contains(Path.GetFileName(dir)))
            {
                CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
            }
        }
    }
}
