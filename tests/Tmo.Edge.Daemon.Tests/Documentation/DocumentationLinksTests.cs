using System.Text.RegularExpressions;

namespace Tmo.Edge.Daemon.Tests.Documentation;

/// <summary>README and docs/ point only at files that exist, and README stays a page for users, not the manual.</summary>
public sealed partial class DocumentationLinksTests
{
    private static readonly string Root = RepositoryRoot.Find();

    public static TheoryData<string> Documents() =>
        new([Path.Join(Root, "README.md"), .. Directory.GetFiles(Path.Join(Root, "docs"), "*.md")]);

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_leads_to_a_file_of_the_repository(string document)
    {
        var directory = Path.GetDirectoryName(document)!;
        var broken = Link().Matches(File.ReadAllText(document))
            .Select(match => match.Groups["target"].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith('#'))
            .Select(target => target.Split('#')[0])
            .Where(target => !File.Exists(Path.Join(directory, target)) && !Directory.Exists(Path.Join(directory, target)))
            .ToList();

        Assert.Empty(broken);
    }

    [Fact]
    public void The_readme_stays_within_12_KB() =>
        Assert.InRange(new FileInfo(Path.Join(Root, "README.md")).Length, 1, 12 * 1024);

    [GeneratedRegex("""(?:\]\(|src=")(?<target>[^)"\s]+)""")]
    private static partial Regex Link();
}
