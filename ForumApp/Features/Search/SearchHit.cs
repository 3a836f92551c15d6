using System.Data.Common;
using System.Globalization;
using ForumApp.Features.Threads;

namespace ForumApp.Features.Search;

public enum SearchResultKind
{
    Thread = 0,
    Comment = 1,
}

/// <summary>One ranked match before its row is read: higher score first, then threads before comments, then by id.</summary>
public sealed record SearchHit(SearchResultKind Kind, long Id, double Score)
{
    /// <summary>The cursor after this hit: the score's exact bits, so the next page starts exactly behind it.</summary>
    public string ToCursor() =>
        string.Create(CultureInfo.InvariantCulture, $"{BitConverter.DoubleToInt64Bits(Score):x}.{(int)Kind}.{Id}");

    public static SearchHit? FromCursor(string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        var parts = cursor.Split('.');
        if (parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kind) && kind is 0 or 1
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && BitConverter.Int64BitsToDouble(bits) is var score && double.IsFinite(score))
        {
            return new SearchHit((SearchResultKind)kind, id, score);
        }

        throw new InvalidReadException("cursor", "The cursor is not one this search gave out.");
    }

    /// <summary>Adds the keyset parameters every provider's ranking query shares.</summary>
    internal static void AddPageParameters(DbCommand command, SearchHit? after, int take, string prefix)
    {
        Add(command, prefix + "hasCursor", after is null ? 0 : 1);
        Add(command, prefix + "score", after?.Score ?? 0.0);
        Add(command, prefix + "kind", (int)(after?.Kind ?? 0));
        Add(command, prefix + "id", after?.Id ?? 0L);
        Add(command, prefix + "take", take);
    }

    internal static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    internal static async Task<List<SearchHit>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var hits = new List<SearchHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new SearchHit(
                (SearchResultKind)Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
                Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture)));
        }

        return hits;
    }

    /// <summary>The keyset condition on the outer query, in SQL every provider reads (parameter prefix aside).</summary>
    internal static string AfterCursor(string p) =>
        $"({p}hasCursor = 0 OR Score < {p}score OR (Score = {p}score AND (Kind > {p}kind OR (Kind = {p}kind AND Id > {p}id))))";
}
