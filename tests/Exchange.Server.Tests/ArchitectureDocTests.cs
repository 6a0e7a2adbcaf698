using System.Text.RegularExpressions;
using Exchange.Testing;

namespace Exchange.Server.Tests;

/// <summary>
/// docs/architecture.md's thread list names every thread the code starts (it once left out the
/// snapshot-interval thread): a thread added without a line there fails here.
/// </summary>
public sealed partial class ArchitectureDocTests
{
    [Fact]
    public void The_thread_list_names_every_thread_the_code_starts()
    {
        var root = Repository.Root();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var source = File.ReadAllText(file);
            foreach (Match m in ThreadName().Matches(source))
            {
                names.Add(m.Groups[1].Value.Replace("{i}", "N", StringComparison.Ordinal));
            }

            foreach (Match m in IntervalThread().Matches(source))
            {
                names.Add(m.Groups[1].Value);
            }
        }

        Assert.Contains("snapshot-interval", names); // the walk finds what it should
        Assert.True(names.Count >= 10, string.Join(", ", names));
        var doc = File.ReadAllText(Path.Combine(root, "docs", "architecture.md"));
        var section = doc[doc.IndexOf("## Threads today", StringComparison.Ordinal)..];
        foreach (var name in names)
        {
            Assert.True(section.Contains($"`{name}`", StringComparison.Ordinal), $"docs/architecture.md's thread list does not name `{name}`");
        }
    }

    [GeneratedRegex(@"new Thread\([^;]*?Name = \$?""([a-z0-9{}-]+)""", RegexOptions.Singleline)]
    private static partial Regex ThreadName();

    [GeneratedRegex(@"StartIntervalThread\(""([a-z0-9-]+)""")]
    private static partial Regex IntervalThread();
}
