namespace Tmo.Edge.Daemon.Tests.Documentation;

/// <summary>
/// `make bench` rewrites the daemon's table between two marker lines (scripts/bench-docs): they must be there, once
/// each and in order, or the script stops. The numbers between them are measurements and are never checked here.
/// </summary>
public sealed class BenchmarkFragmentTests
{
    private static readonly string Root = RepositoryRoot.Find();

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/benchmarks.md")]
    public void The_daemon_benchmark_has_its_markers_once_and_in_order(string document)
    {
        var lines = File.ReadAllLines(Path.Join(Root, document)).ToList();

        Assert.Single(lines, l => l == "<!-- bench:daemon -->");
        Assert.Single(lines, l => l == "<!-- /bench:daemon -->");
        Assert.True(lines.IndexOf("<!-- bench:daemon -->") < lines.IndexOf("<!-- /bench:daemon -->"));
    }
}
