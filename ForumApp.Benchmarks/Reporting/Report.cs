using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ForumApp.Benchmarks.Hosting;

namespace ForumApp.Benchmarks.Reporting;

/// <summary>One figure of the results table, with what it is compared to and the CPU of both sides while it was measured.</summary>
internal sealed record Row(
    string Scenario,
    string Case,
    string Metric,
    double Value,
    string Unit,
    string? Baseline = null,
    string? Target = null,
    bool? Met = null,
    CpuUsage? Cpu = null,
    string? Note = null,
    string? Display = null)
{
    public string ValueText => Display ?? (double.IsNaN(Value) ? "n/a" : Unit switch
    {
        "ms" => $"{Value:0.0} ms",
        "x" => $"{Value:0.00}×",
        "/s" => $"{Value:0} /s",
        "KB" => $"{Value:0.0} KB",
        "MB" => $"{Value:0.0} MB",
        "" => Value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => $"{Value:0.##} {Unit}",
    });
}

/// <summary>Collects rows and raw measurements; writes the markdown table and the JSON file.</summary>
internal sealed class Report
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public List<Row> Rows { get; } = [];
    public Dictionary<string, object> Details { get; } = [];
    public Dictionary<string, string> Machine { get; } = [];
    public List<string> Failures { get; } = [];
    public List<string> Notes { get; } = [];
    public string Command { get; set; } = "";
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? FinishedAt { get; set; }

    public void Add(Row row)
    {
        Rows.Add(row);
        Progress.Say($"result: {row.Scenario} | {row.Case} | {row.Metric} = {row.ValueText}" + (row.Baseline is null ? "" : $" (vs {row.Baseline})"));
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# ForumApp benchmark, {StartedAt:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{Command}`");
        md.AppendLine();
        foreach (var (key, value) in Machine)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {key}: {value}");
        }

        md.AppendLine();
        md.AppendLine(Table());
        if (Notes.Count > 0)
        {
            md.AppendLine();
            foreach (var note in Notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        if (Failures.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Failed scenarios:");
            foreach (var failure in Failures)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {failure}");
            }
        }

        return md.ToString();
    }

    public string Table()
    {
        var md = new StringBuilder();
        md.AppendLine("| scenario | case | metric | value | baseline / reference | target | met | server CPU | client CPU | note |");
        md.AppendLine("|---|---|---|---:|---|---|---|---:|---:|---|");
        foreach (var row in Rows)
        {
            var met = row.Met switch { true => "yes", false => "**no**", null => "" };
            var note = string.Join("; ", new[] { row.Note, row.Cpu?.Verdict }.Where(n => !string.IsNullOrEmpty(n)));
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Scenario} | {row.Case} | {row.Metric} | {row.ValueText} | {row.Baseline} | {row.Target} | {met} | {row.Cpu?.ServerText} | {row.Cpu?.ClientText} | {note} |");
        }

        return md.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        Command,
        StartedAt,
        FinishedAt,
        Machine,
        Rows = Rows.Select(r => new
        {
            r.Scenario, r.Case, r.Metric, r.Value, r.Unit, Text = r.ValueText, r.Baseline, r.Target, r.Met,
            ServerCores = r.Cpu?.ServerCores, ClientCores = r.Cpu?.ClientCores, BrowserCores = r.Cpu?.HelperCores, OtherCores = r.Cpu?.OtherCores,
            Verdict = r.Cpu?.Verdict, r.Note,
        }),
        Details,
        Notes,
        Failures,
    }, Json);
}
