namespace ForumApp.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>Bound from the "Database" section.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQLite busy timeout: how long a writer waits for another writer before giving up.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;

    /// <summary>How often <see cref="DatabaseAvailability"/> checks the database (sooner after a failed write).</summary>
    public TimeSpan ProbeEvery { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one check waits for the write lock before it counts the database as unavailable.</summary>
    public int ProbeBusyTimeoutMilliseconds { get; set; } = 2000;
}

/// <summary>Bound from the "Forum" section.</summary>
public sealed class ForumOptions
{
    /// <summary>Holds the SQLite database and files written in development (e.g. e-mails). Relative to the content root.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Folder of seed files; when empty, the repository's seeds/ folder or the one published beside the app.</summary>
    public string? SeedFolder { get; set; }
}
