using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>
/// 4b. The write path on a database server: twenty members post as fast as they can into one thread on a
/// private PostgreSQL, first through one instance, then spread over three instances joined by a private
/// redis-server, where nothing but the database orders the writers. A subscriber on the first instance
/// counts what was pushed (from the other two through Redis); the same count check as the SQLite write path.
/// </summary>
internal static class PostgresWritesScenario
{
    public const string Name = "writes-pg";
    private const int Writers = 20;

    public static async Task RunAsync(BenchContext bench, CancellationToken ct)
    {
        await using var database = await PostgresServer.StartAsync(Path.Combine(Path.GetTempPath(), $"forumapp-bench-pg-{Guid.NewGuid():N}"), ct);
        await using var redis = await RedisServer.StartAsync(Path.Combine(bench.WorkFolder, "redis-pg"), ct);
        var duration = TimeSpan.FromSeconds(bench.Quick ? 3 : 20);

        foreach (var instances in new[] { 1, 3 })
        {
            var settings = new Dictionary<string, string>
            {
                ["Database__Provider"] = "PostgreSql",
                ["ConnectionStrings__Forum"] = database.ConnectionString($"forum_writes_{instances}"),
                ["Redis__Configuration"] = redis.Configuration,
            };

            // One after the other: the first creates and migrates the database, the others find it current.
            var servers = new List<AppServer>();
            var jitLogs = new List<string>();
            for (var i = 0; i < instances; i++)
            {
                var name = $"writes-pg-{instances}-{(char)('a' + i)}";
                var jitLog = Path.Combine(bench.WorkFolder, $"jit-{name}.txt");
                jitLogs.Add(jitLog);

                // The runtime's list of every method it compiles, one line each: lines added inside the window are
                // compilations in steady state (tier-up, or code made per request, such as expression trees).
                var instanceSettings = new Dictionary<string, string>(settings)
                {
                    ["DOTNET_JitStdOutFile"] = jitLog,
                    ["DOTNET_JitDisasmSummary"] = "1",
                };
                servers.Add(await bench.StartAppAsync(name, null, instanceSettings, ct));
            }

            await MeasureAsync(bench, servers, jitLogs, duration, database.ConnectionString($"forum_writes_{instances}"), ct);
            foreach (var server in servers)
            {
                await bench.StopAppAsync(server);
            }
        }
    }

    private static async Task MeasureAsync(
        BenchContext bench, IReadOnlyList<AppServer> servers, IReadOnlyList<string> jitLogs, TimeSpan duration, string connectionString, CancellationToken ct)
    {
        var clients = servers.Select(s => new ForumClient(s.BaseUrl)).ToList();
        try
        {
            var tokens = new List<string>();
            for (var w = 0; w < Writers; w++)
            {
                tokens.Add(await clients[w % clients.Count].NewMemberAsync($"pgwriter{servers.Count}x{w:00}", ct));
            }

            var threadId = await clients[0].NewThreadAsync(tokens[0], "A busy thread on PostgreSQL", "Twenty people reply at once.", ct);

            await using var writePath = await WritePath.SubscribeAsync(servers[0].BaseUrl, threadId, ct);
            // Each runtime compiles the hot code for itself and gets a third of the posts over three instances: with
            // the one instance's warm-up, the tiering compiler took a third of the app's CPU samples in the window.
            await writePath.WarmUpAsync(clients, tokens, threadId, WritePath.SteadyWarmUp(bench.Options) * servers.Count, ct);

            var label = $"writes-pg x{Writers} over {servers.Count}";
            await Statements.ResetAsync(connectionString, ct);
            var window = InstanceWindow.Start(servers, jitLogs);
            var run = await WritePath.PostAsFastAsAsync(clients, tokens, threadId, duration, servers, label, () => writePath.Pushed.Count, ct);
            var perInstance = window.Stop(run.Acked.Count);
            Progress.Say($"{label}: {perInstance}");
            await Statements.ReportAsync(connectionString, Path.Combine(bench.WorkFolder, $"statements-pg-{servers.Count}.txt"), ct);
            var caseName = $"PostgreSQL, {Writers} writers over {servers.Count} instance{(servers.Count == 1 ? "" : "s")}, one thread, {duration.TotalSeconds:0} s";
            bench.Report.Details[$"{Name}-{servers.Count}"] = await writePath.ReportAsync(
                bench.Report, "4b write path on PostgreSQL", caseName, clients[0], threadId, run, targeted: servers.Count == 3, bench.Quick,
                $"; CPU is the app instances only (PostgreSQL and Redis on the same 2 cores); {perInstance}", ct);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}

/// <summary>
/// Each instance's CPU per acknowledged comment and the methods its runtime compiled inside the measured window:
/// over three instances every instance hears every comment, so what one costs the others shows here.
/// </summary>
internal sealed class InstanceWindow
{
    private readonly IReadOnlyList<AppServer> _servers;
    private readonly IReadOnlyList<string> _jitLogs;
    private readonly TimeSpan[] _cpu;
    private readonly int[] _jitted;

    private InstanceWindow(IReadOnlyList<AppServer> servers, IReadOnlyList<string> jitLogs)
    {
        _servers = servers;
        _jitLogs = jitLogs;
        _cpu = [.. servers.Select(s => ProcFs.CpuTime(s.Pid) ?? TimeSpan.Zero)];
        _jitted = [.. jitLogs.Select(Lines)];
    }

    public static InstanceWindow Start(IReadOnlyList<AppServer> servers, IReadOnlyList<string> jitLogs) => new(servers, jitLogs);

    /// <summary>"app CPU per comment a 0.61 + b 0.52 … ms; methods jitted in the window a 12, b 30 …".</summary>
    public string Stop(int comments)
    {
        var cpu = _servers.Select((s, i) => ((ProcFs.CpuTime(s.Pid) ?? TimeSpan.Zero) - _cpu[i]).TotalMilliseconds / Math.Max(1, comments)).ToList();
        var jitted = _jitLogs.Select((log, i) => Lines(log) - _jitted[i]).ToList();

        // What was compiled inside the window, beside each full list, to see which code keeps the JIT busy.
        for (var i = 0; i < _jitLogs.Count; i++)
        {
            File.WriteAllLines(Path.ChangeExtension(_jitLogs[i], ".window.txt"), ReadShared(_jitLogs[i]).Skip(_jitted[i]).Take(jitted[i]));
        }

        var names = _servers.Select((_, i) => (char)('a' + i)).ToList();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"app CPU per comment {string.Join(" + ", cpu.Select((ms, i) => $"{names[i]} {ms:0.00}"))} = {cpu.Sum():0.00} ms; " +
            $"methods jitted in the window {string.Join(", ", jitted.Select((n, i) => $"{names[i]} {n}"))}");
    }

    private static int Lines(string file) => ReadShared(file).Count();

    // The runtime still has the file open for writing; a missing file (no JIT list) reads as empty.
    private static IEnumerable<string> ReadShared(string file)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (IOException)
        {
            yield break;
        }

        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}

/// <summary>
/// What the database executed while the writers ran, from pg_stat_statements: calls, rows and time per statement,
/// so a group's round trips can be counted (calls of the thread-row update = groups committed).
/// </summary>
internal static class Statements
{
    public static async Task ResetAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task ReportAsync(string connectionString, string file, CancellationToken ct)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand(
            """
            SELECT s.calls, s.rows, round(s.total_exec_time::numeric, 1), left(regexp_replace(s.query, '\s+', ' ', 'g'), 140)
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = current_database()
            ORDER BY s.calls DESC LIMIT 40
            """, connection);
        var lines = new List<string> { "calls\trows\texec ms\tstatement" };
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{reader.GetInt64(0)}\t{reader.GetInt64(1)}\t{reader.GetDecimal(2)}\t{reader.GetString(3)}"));
            }
        }

        await File.WriteAllLinesAsync(file, lines, ct);
        Progress.Say($"statements executed while posting: {file}");
    }
}
