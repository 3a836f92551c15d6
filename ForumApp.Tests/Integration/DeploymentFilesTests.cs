using ForumApp.Tests.TestInfrastructure;
using System.ComponentModel;
using System.Diagnostics;

namespace ForumApp.Tests.Integration;

/// <summary>
/// Checks the container deployment files offline: the compose file must validate with
/// the example environment file, and both app instances must run on SQL Server with
/// Redis. Needs the <c>docker-compose</c> command (Debian package docker-compose,
/// installed by test.sh); no Docker engine is needed.
/// </summary>
public class DeploymentFilesTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    // Variables from the caller's environment would override the env file; the
    // tests must see exactly what .env.example gives.
    private static readonly string[] ComposeVariables =
    [
        "MSSQL_SA_PASSWORD", "POSTGRES_PASSWORD", "FORUM_ADMIN_EMAIL", "FORUM_PORT", "FORUM2_PORT",
        "COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES", "COMPOSE_PATH_SEPARATOR",
    ];

    private static string ExampleEnvFile => Path.Combine(RepoPaths.Root, ".env.example");

    [Fact]
    public async Task ComposeFileIsValid()
    {
        var result = await RunComposeAsync("--env-file", ExampleEnvFile, "config", "-q");

        Assert.True(
            result.ExitCode == 0,
            $"docker-compose config -q exited with {result.ExitCode}.\nstderr:\n{result.StdErr}\nstdout:\n{result.StdOut}");
    }

    [Theory]
    [InlineData("forum")]
    [InlineData("forum2")]
    public async Task ComposeStackRunsTheAppOnSqlServerWithRedis(string service)
    {
        // docker-compose 1.x (Debian's) prints the resolved file only as YAML (no
        // --format json), and 2.x prints YAML by default too, so read the YAML.
        var result = await RunComposeAsync("--env-file", ExampleEnvFile, "config");
        Assert.True(
            result.ExitCode == 0,
            $"docker-compose config exited with {result.ExitCode}.\nstderr:\n{result.StdErr}");

        var lines = result.StdOut.Replace("\r\n", "\n").Split('\n');
        var serviceBlock = Section(Section(lines, "services"), service);
        Assert.True(serviceBlock.Count > 0, $"Service '{service}' not found in:\n{result.StdOut}");

        var environment = ReadEnvironment(Section(serviceBlock, "environment"));
        Assert.Equal("SqlServer", environment.GetValueOrDefault("Database__Provider"));
        Assert.Equal("redis:6379", environment.GetValueOrDefault("Redis__Configuration"));
        Assert.Contains("Server=sqlserver;", environment.GetValueOrDefault("ConnectionStrings__Forum") ?? "");
        Assert.Equal("Production", environment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT"));

        var dependsOn = TopLevelKeys(Section(serviceBlock, "depends_on"));
        Assert.Contains("sqlserver", dependsOn);
        Assert.Contains("redis", dependsOn);
    }

    [Theory]
    [InlineData("forum")]
    [InlineData("forum2")]
    public async Task PostgresComposeFileRunsTheAppOnPostgreSqlWithRedis(string service)
    {
        var quiet = await RunComposeAsync("-f", "docker-compose.postgres.yml", "--env-file", ExampleEnvFile, "config", "-q");
        Assert.True(quiet.ExitCode == 0, $"docker-compose config -q exited with {quiet.ExitCode}.\nstderr:\n{quiet.StdErr}");

        var result = await RunComposeAsync("-f", "docker-compose.postgres.yml", "--env-file", ExampleEnvFile, "config");
        Assert.True(result.ExitCode == 0, $"docker-compose config exited with {result.ExitCode}.\nstderr:\n{result.StdErr}");
        var serviceBlock = Section(Section(result.StdOut.Replace("\r\n", "\n").Split('\n'), "services"), service);
        Assert.True(serviceBlock.Count > 0, $"Service '{service}' not found in:\n{result.StdOut}");

        var environment = ReadEnvironment(Section(serviceBlock, "environment"));
        Assert.Equal("PostgreSql", environment.GetValueOrDefault("Database__Provider"));
        Assert.Equal("redis:6379", environment.GetValueOrDefault("Redis__Configuration"));
        Assert.Contains("Host=postgres;", environment.GetValueOrDefault("ConnectionStrings__Forum") ?? "");
        var dependsOn = TopLevelKeys(Section(serviceBlock, "depends_on"));
        Assert.Contains("postgres", dependsOn);
        Assert.Contains("redis", dependsOn);
    }

    private sealed record CommandResult(int ExitCode, string StdOut, string StdErr);

    private static async Task<CommandResult> RunComposeAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("docker-compose")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var variable in ComposeVariables)
        {
            startInfo.Environment.Remove(variable);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Assert.Fail(
                "The docker-compose command was not found (" + ex.Message + "). " +
                "Install it with `apt-get install docker-compose`; ./test.sh does this.");
        }

        process.StandardInput.Close();
        var stdOut = process.StandardOutput.ReadToEndAsync();
        var stdErr = process.StandardError.ReadToEndAsync();

        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"docker-compose {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds} s.");
        }

        return new CommandResult(process.ExitCode, await stdOut, await stdErr);
    }

    /// <summary>
    /// The lines nested under <paramref name="key"/> at the outermost level of
    /// <paramref name="lines"/> (block-style YAML as docker-compose prints it).
    /// </summary>
    private static List<string> Section(IReadOnlyList<string> lines, string key)
    {
        var content = lines.Where(IsContent).ToList();
        if (content.Count == 0)
        {
            return [];
        }

        var top = content.Min(Indent);
        for (var i = 0; i < content.Count; i++)
        {
            if (Indent(content[i]) != top || KeyOf(content[i]) != key)
            {
                continue;
            }

            var block = new List<string>();
            for (var j = i + 1; j < content.Count; j++)
            {
                var line = content[j];
                var indent = Indent(line);
                // A block sequence may sit at its key's own indentation.
                if (indent > top || (indent == top && line.TrimStart().StartsWith("- ", StringComparison.Ordinal)))
                {
                    block.Add(line);
                }
                else
                {
                    break;
                }
            }
            return block;
        }

        return [];
    }

    /// <summary>An environment block as a mapping (KEY: value) or a list (- KEY=value).</summary>
    private static Dictionary<string, string> ReadEnvironment(IReadOnlyList<string> block)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (block.Count == 0)
        {
            return result;
        }

        var top = block.Min(Indent);
        foreach (var line in block.Where(l => Indent(l) == top))
        {
            var text = line.Trim();
            if (text.StartsWith("- ", StringComparison.Ordinal))
            {
                var item = Unquote(text[2..].Trim());
                var equals = item.IndexOf('=');
                if (equals > 0)
                {
                    result[item[..equals]] = item[(equals + 1)..];
                }
            }
            else
            {
                var colon = text.IndexOf(": ", StringComparison.Ordinal);
                if (colon > 0)
                {
                    result[Unquote(text[..colon])] = Unquote(text[(colon + 2)..].Trim());
                }
                else if (text.EndsWith(':'))
                {
                    result[Unquote(text[..^1])] = "";
                }
            }
        }
        return result;
    }

    /// <summary>The outermost keys of a mapping block, or the items of a list block.</summary>
    private static List<string> TopLevelKeys(IReadOnlyList<string> block)
    {
        if (block.Count == 0)
        {
            return [];
        }

        var top = block.Min(Indent);
        return block
            .Where(l => Indent(l) == top)
            .Select(l => l.Trim())
            .Select(t => t.StartsWith("- ", StringComparison.Ordinal) ? Unquote(t[2..].Trim()) : KeyOf(t))
            .ToList();
    }

    private static string KeyOf(string line)
    {
        var text = line.Trim();
        var colon = text.IndexOf(':');
        return colon < 0 ? text : Unquote(text[..colon]);
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]
            ? value[1..^1]
            : value;

    private static bool IsContent(string line) =>
        line.Trim().Length > 0 && !line.TrimStart().StartsWith('#');

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;
}
