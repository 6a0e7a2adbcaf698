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

    public static TheoryData<Type> WireEnums() =>
    [
        typeof(Orders.Side), typeof(Orders.OrderType), typeof(Orders.TimeInForce), typeof(Orders.SelfTradePrevention), typeof(Orders.OrderRejectReason),
        typeof(Orders.CancelReason), typeof(Session.LoginRejectReason), typeof(Session.SessionEndReason), typeof(Session.ProtocolRejectReason),
        typeof(Session.LoginOptions), typeof(Admin.AdminAction),
    ];

    /// <summary>
    /// Each wire enum has a table under "## Codes" whose rows are exactly its values, by code and name: the
    /// prose once named OrderReduced's reason 4 when the server sends 3 (SelfTrade).
    /// </summary>
    [Theory]
    [MemberData(nameof(WireEnums))]
    public void Every_wire_enum_has_a_code_table_equal_to_the_code(Type type)
    {
        var doc = File.ReadAllText(Path.Combine(Repository.Root(), "docs", "protocol.md")).ReplaceLineEndings("\n");
        var codes = doc[doc.IndexOf("\n## Codes\n", StringComparison.Ordinal)..];
        codes = codes[..codes.IndexOf("\n## ", 5, StringComparison.Ordinal)];
        var start = codes.IndexOf($"\n### {type.Name}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/protocol.md has no code table for {type.Name}");
        var table = codes[(start + 1)..];
        var next = table.IndexOf("\n### ", StringComparison.Ordinal);
        table = next < 0 ? table : table[..next];
        var rows = CodeRow().Matches(table).Select(m => (Code: long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Name: m.Groups[2].Value)).ToList();
        var values = Enum.GetValues(type).Cast<object>().Select(v => (Code: Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture), Name: Enum.GetName(type, v)!)).ToList();
        Assert.Equal(values, rows);
    }

    /// <summary>The prose that names codes agrees with the tables (each was once wrong).</summary>
    [Theory]
    [InlineData("| 68 | 1 | Reason | u8 | CancelReason code: 3 self-trade prevention |")]
    [InlineData("cancel reason 2 (mass cancel)")]
    [InlineData("`LoginRejected` 4 (`GatewayUnitTests`)")]
    public void Prose_that_names_a_code_names_the_right_one(string text)
    {
        var doc = File.ReadAllText(Path.Combine(Repository.Root(), "docs", "protocol.md")).ReplaceLineEndings("\n").Replace("\n   ", " ", StringComparison.Ordinal);
        Assert.Contains(text, doc, StringComparison.Ordinal);
        Assert.Equal(3, (int)Orders.CancelReason.SelfTrade);
        Assert.Equal(2, (int)Orders.CancelReason.MassCancel);
        Assert.Equal(4, (int)Session.LoginRejectReason.ResendWindowExceeded);
    }

    [GeneratedRegex(@"^\| (\d+) \| `(\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex CodeRow();

    [GeneratedRegex(@"^\| (\w+) \| (0x[0-9A-F]{2}) \| (?:in|out) \| ([\w, ]+) \|$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
