using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Exchange.Server.Hosting;

/// <summary>
/// One setting of <see cref="ServerSettings"/> as an operator meets it: its flag, its environment
/// variable, its default and what it does. Derived from the settings class itself, so the command
/// line, <c>--help</c> and docs/configuration.md (checked by a test) cannot drift from the defaults.
/// </summary>
internal sealed record ServerSetting(PropertyInfo Property, string Flag, string[] Aliases, string EnvironmentVariable, string Default, string Description)
{
    /// <summary>Short flags kept from before every setting had one.</summary>
    private static readonly Dictionary<string, string[]> ShortAliases = new(StringComparer.Ordinal)
    {
        [nameof(ServerSettings.DataDirectory)] = ["--data-dir"],
    };

    /// <summary>Every setting that takes one value (the account list is configured in JSON or indexed environment variables).</summary>
    public static IReadOnlyList<ServerSetting> All { get; } = Describe();

    public string Name => Property.Name;

    /// <summary>The configuration key the setting binds from ("Exchange:Name").</summary>
    public string Key => "Exchange:" + Property.Name;

    private static List<ServerSetting> Describe()
    {
        var defaults = new ServerSettings();
        var settings = new List<ServerSetting>();
        foreach (var property in typeof(ServerSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = property.PropertyType;
            if (type != typeof(string) && type != typeof(int) && type != typeof(long) && type != typeof(bool))
            {
                continue;
            }

            var description = property.GetCustomAttribute<DescriptionAttribute>()?.Description
                ?? throw new InvalidOperationException($"ServerSettings.{property.Name} has no [Description]: say what it does, it is shown by --help");
            settings.Add(new ServerSetting(
                property,
                "--" + Kebab(property.Name),
                ShortAliases.GetValueOrDefault(property.Name, []),
                "EXCHANGE__" + property.Name.ToUpperInvariant(),
                Format(property.GetValue(defaults)),
                description));
        }

        return settings;
    }

    private static string Format(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        "" => "(none)",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? string.Empty,
    };

    private static string Kebab(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
