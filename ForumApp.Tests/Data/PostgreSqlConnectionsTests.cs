using ForumApp.Data;
using Npgsql;

namespace ForumApp.Tests.Data;

public sealed class PostgreSqlConnectionsTests
{
    [Fact]
    public void TunedConnectionsPrepareStatementsAndSkipTheSessionResetUnlessTheConnectionStringSaysOtherwise()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgreSqlConnections.Tuned("Host=db;Username=forum"));
        Assert.Equal((64, 2, true), (tuned.MaxAutoPrepare, tuned.AutoPrepareMinUsages, tuned.NoResetOnClose));

        var chosen = new NpgsqlConnectionStringBuilder(PostgreSqlConnections.Tuned("Host=db;Username=forum;No Reset On Close=false;Max Auto Prepare=0"));
        Assert.Equal((0, false), (chosen.MaxAutoPrepare, chosen.NoResetOnClose));
    }
}
