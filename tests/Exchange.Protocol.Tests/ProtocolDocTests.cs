using System.Text.RegularExpressions;
using Exchange.Protocol.Framing;
using Exchange.Testing;

namespace Exchange.Protocol.Tests;

/// <summary>docs/protocol.md lists every message type with the tests that cover it; this keeps the list whole and true.</summary>
public sealed partial class ProtocolDocTests
{
    [Fact]
    public void Every_message_type_has_a_row_naming_test_classes_that_exist()
    {
        var root = Repository.Root();
        var doc = File.ReadAllText(Path.Combine(root, "docs", "protocol.md"));
        var section = doc[doc.IndexOf("## Messages and their tests", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 4, StringComparison.Ordinal)];
        var rows = new Dictionary<string, (string Code, string[] Tests)>();
        foreach (Match row in Row().Matches(section))
        {
            rows[row.Groups[1].Value] = (row.Groups[2].Value, row.Groups[3].Value.Split(',', StringSplitOptions.TrimEntries));
        }

        var testSources = string.Join('\n', Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        foreach (var type in Enum.GetValues<MessageType>())
        {
            Assert.True(rows.TryGetValue(type.ToString(), out var row), $"docs/protocol.md has no row for {type}");
            Assert.Equal($"0x{(byte)type:X2}", row.Code);
            foreach (var test in row.Tests)
            {
                Assert.True(testSources.Contains($"class {test}", StringComparison.Ordinal), $"{type}: no test class {test}");
            }
        }

        Assert.Equal(Enum.GetValues<MessageType>().Length, rows.Count);
    }

    [GeneratedRegex(@"^\| (\w+) \| (0x[0-9A-F]{2}) \| (?:in|out) \| ([\w, ]+) \|$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
