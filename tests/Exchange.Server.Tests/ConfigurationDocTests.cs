using Exchange.Server.Hosting;

namespace Exchange.Server.Tests;

/// <summary>docs/configuration.md documents every setting the server has, with the flag, variable and default it really has.</summary>
public sealed class ConfigurationDocTests
{
    [Fact]
    public void Every_setting_has_a_row_with_its_flag_environment_variable_and_default()
    {
        var doc = File.ReadAllText(Path.Combine(Exchange.Testing.Repository.Root(), "docs", "configuration.md"));
        var rows = doc.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ServerSetting.All);
        foreach (var setting in ServerSetting.All)
        {
            var row = rows.SingleOrDefault(r => r.StartsWith($"| `{setting.Name}` |", StringComparison.Ordinal));
            Assert.True(row is not null, $"docs/configuration.md has no row for {setting.Name}");
            Assert.Contains($"`{setting.Flag}`", row, StringComparison.Ordinal);
            Assert.Contains($"| `{setting.EnvironmentVariable}` |", row, StringComparison.Ordinal);
            Assert.Contains($"| `{setting.Default}` |", row, StringComparison.Ordinal);
        }

        Assert.Equal(ServerSetting.All.Count, rows.Count); // and no row for a setting that is gone
    }

    [Fact]
    public void Every_list_setting_has_a_section()
    {
        var doc = File.ReadAllText(Path.Combine(Exchange.Testing.Repository.Root(), "docs", "configuration.md"));
        var lists = typeof(ServerSettings).GetProperties().Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(List<>)).ToList();
        Assert.Equal(["Accounts", "Assets"], lists.Select(p => p.Name).Order());
        foreach (var list in lists)
        {
            Assert.True(doc.Contains($"\n## {list.Name}\n", StringComparison.Ordinal), $"docs/configuration.md has no section ## {list.Name}");
            Assert.True(doc.Contains($"`{list.Name}` is a list", StringComparison.Ordinal), $"docs/configuration.md does not say {list.Name} is a list");
        }
    }
}
