using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using ForumApp.Benchmarks.Clients;
using ForumApp.Benchmarks.Hosting;
using ForumApp.Benchmarks.Reporting;
using Microsoft.Data.Sqlite;

namespace ForumApp.Benchmarks.Scenarios;

/// <summary>
/// 8. Search: 100,000 comments over 20 threads, written straight into the app's own (migrated) SQLite file so that
/// its triggers index them exactly as they index a posted comment; then GET /api/search with two-word queries at
/// 1, 8 and 32 connections. Words follow a Zipf distribution over a made-up vocabulary, so some queries match
/// thousands of comments and others a handful, as on a real forum.
/// </summary>
internal static class SearchScenario
{
    public const string Name = "search";

    private const int Vocabulary = 5000;
    private const int Threads = 20;

    private sealed record Load(int Connections, int Requests, int Errors, double Seconds, double P50, double P95, double P99, double MeanItems, CpuUsage Cpu);

    public static async Task RunAsync(BenchContext bench, CancellationToken ct)
    {
        var comments = bench.Quick ? 10_000 : 100_000;
        var dataFolder = Path.Combine(bench.WorkFolder, "data-search");
        var settings = new Dictionary<string, string> { ["Forum__SearchesPerMinutePerAddress"] = "100000000" };
        var server = await bench.StartAppAsync(Name, dataFolder, settings, ct);
        using var client = new ForumClient(server.BaseUrl);
        var token = await client.NewMemberAsync("searcher", ct);
        var threadIds = new List<long>();
        for (var t = 0; t < Threads; t++)
        {
            threadIds.Add(await client.NewThreadAsync(token, $"Thread {t} about {Word(t * 7 + 3)} and {Word(t * 11 + 5)}", Sentence(new Random(t), 30), ct));
        }

        var started = Stopwatch.GetTimestamp();
        await InsertCommentsAsync(Path.Combine(dataFolder, "forum.db"), threadIds, comments, ct);
        var insertSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        bench.Report.Add(new Row("8 search", $"{comments:N0} comments", "bulk insert into the app's schema, indexed by its triggers", comments / insertSeconds, "/s",
            Note: $"{insertSeconds:0.0} s, one transaction"));

        var duration = TimeSpan.FromSeconds(bench.Quick ? 2 : 10);
        var loads = new List<Load>();
        foreach (var connections in new[] { 1, 8, 32 })
        {
            var load = await LoadAsync(server, connections, duration, ct);
            loads.Add(load);
            var targeted = connections <= 8 && !bench.Quick;
            bench.Report.Add(new Row("8 search", $"GET /api/search, two words, {comments:N0} comments, {connections} connections", "p50 / p95 / p99", load.P95, "ms",
                Baseline: $"{load.Requests / load.Seconds:0} searches/s; {load.MeanItems:0.0} results per page",
                Target: connections <= 8 ? "p95 ≤ 50 ms" : "(report)",
                Met: targeted ? load.P95 <= 50 : null,
                Cpu: load.Cpu,
                Note: load.Errors > 0 ? $"{load.Errors} errors" : null,
                Display: $"{load.P50:0.0} / {load.P95:0.0} / {load.P99:0.0} ms"));
        }

        bench.Report.Details[Name] = new { comments, insertSeconds, loads };
        await bench.StopAppAsync(server);
    }

    /// <summary>A made-up word for a rank: the same rank gives the same word in the data and in the queries.</summary>
    private static string Word(int rank)
    {
        string[] syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "pe", "da", "zu", "gri", "mon", "tel", "bar", "fen"];
        var word = new StringBuilder();
        var n = rank + 17;
        do
        {
            word.Append(syllables[n % syllables.Length]);
            n /= syllables.Length;
        }
        while (n > 0);

        return word.ToString();
    }

    // Zipf: rank r drawn with probability proportional to 1/(r+1), by inverting the harmonic sum approximately.
    private static int ZipfRank(Random random) => Math.Min(Vocabulary - 1, (int)Math.Exp(random.NextDouble() * Math.Log(Vocabulary + 1)) - 1);

    private static string Sentence(Random random, int words)
    {
        var text = new StringBuilder();
        for (var w = 0; w < words; w++)
        {
            text.Append(Word(ZipfRank(random))).Append(w == words - 1 ? "." : " ");
        }

        return text.ToString();
    }

    private static async Task InsertCommentsAsync(string databaseFile, List<long> threadIds, int count, CancellationToken ct)
    {
        var random = new Random(8);
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Default Timeout=60");
        await connection.OpenAsync(ct);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 60000;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO Comments (ThreadId, ParentId, Depth, ReplyCount, AuthorId, AuthorName, Body, BodyFormat, BodyHtml, CreatedAt, State, Version, UpVotes, DownVotes, Score, BestRank)
            VALUES ($thread, NULL, 0, 0, NULL, 'Anonymous', $body, 0, $html, $at, 0, 0, 0, 0, 0, 0)
            """;
        var thread = insert.Parameters.Add("$thread", SqliteType.Integer);
        var body = insert.Parameters.Add("$body", SqliteType.Text);
        var html = insert.Parameters.Add("$html", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        var start = DateTime.UtcNow.AddDays(-30);
        var progress = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var text = Sentence(random, random.NextDouble() < 0.7 ? random.Next(8, 40) : random.Next(40, 150));
            thread.Value = threadIds[i % threadIds.Count];
            body.Value = text;
            html.Value = $"<p>{text}</p>";
            at.Value = start.AddSeconds(i * 20).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            await insert.ExecuteNonQueryAsync(ct);
            if (Stopwatch.GetElapsedTime(progress) > TimeSpan.FromSeconds(5))
            {
                Progress.Say($"search: {i:N0} of {count:N0} comments inserted");
                progress = Stopwatch.GetTimestamp();
            }
        }

        await using (var counts = connection.CreateCommand())
        {
            counts.Transaction = transaction;
            counts.CommandText = "UPDATE Threads SET CommentCount = (SELECT COUNT(*) FROM Comments c WHERE c.ThreadId = Threads.Id);";
            await counts.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static async Task<Load> LoadAsync(AppServer server, int connections, TimeSpan duration, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false })
        {
            BaseAddress = server.BaseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };

        // An untimed second first: connections open, caches and JIT warm.
        await RunAsync(http, connections, TimeSpan.FromSeconds(1), seed: 1, ct);
        Progress.Say($"search x{connections}: measuring for {duration.TotalSeconds:0} s");
        var meter = CpuMeter.Start(server);
        var started = Stopwatch.GetTimestamp();
        var results = await RunAsync(http, connections, duration, seed: 2, ct);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = meter.Stop();
        var times = results.SelectMany(r => r.Times).ToList();
        var load = new Load(connections, times.Count, results.Sum(r => r.Errors), seconds,
            Stats.Percentile(times, 50), Stats.Percentile(times, 95), Stats.Percentile(times, 99),
            times.Count == 0 ? 0 : (double)results.Sum(r => r.Items) / times.Count, cpu);
        Progress.Say($"search x{connections}: {load.Requests / seconds:0}/s, p50 {load.P50:0.0} / p95 {load.P95:0.0} / p99 {load.P99:0.0} ms; server {cpu.ServerText}, client {cpu.ClientText}");
        return load;
    }

    private static async Task<(List<double> Times, int Errors, long Items)[]> RunAsync(HttpClient http, int connections, TimeSpan duration, int seed, CancellationToken ct)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            var random = new Random(seed * 1000 + c);
            var times = new List<double>();
            var errors = 0;
            long items = 0;
            while (Stopwatch.GetTimestamp() < end)
            {
                // Two words a reader might pair: common to fairly rare (ranks 10 to 2,000).
                var query = $"{Word(random.Next(10, 2000))} {Word(random.Next(10, 2000))}";
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync($"/api/search?q={Uri.EscapeDataString(query)}", ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                var finished = Stopwatch.GetTimestamp();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    errors++;
                    continue;
                }

                times.Add(Stats.Ms(start, finished));
                items += CountOf(body, "\"kind\":");
            }

            return (times, errors, items);
        }));
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
