using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Tmo.Edge.Data.Tests.Schema;

public sealed class PragmaTests
{
    [Fact]
    public async Task Every_connection_is_opened_with_wal_full_sync_a_busy_timeout_and_foreign_keys()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
        Assert.Equal(2L, await PragmaAsync(connection, "synchronous"));
        Assert.Equal(5000L, await PragmaAsync(connection, "busy_timeout"));
        Assert.Equal(1L, await PragmaAsync(connection, "foreign_keys"));
    }

    private static async Task<object?> PragmaAsync(DbConnection connection, string pragma)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return await command.ExecuteScalarAsync();
    }
}
