using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Tmo.Edge.Data.Connecting;

namespace Tmo.Edge.Data.Schema;

/// <summary>
/// Lets `dotnet ef` build the context without a host. `migrations add` never opens the database;
/// `database update -- DIR` migrates the one in DIR (default: the current folder).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<TmoEdgeDbContext>
{
    public TmoEdgeDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TmoEdgeDbContext>();
        options.UseTmoEdgeSqlite(args.FirstOrDefault() ?? ".");
        return new TmoEdgeDbContext(options.Options);
    }
}
