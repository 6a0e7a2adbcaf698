using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.Globalization;

namespace Exchange.Testing;

/// <summary>
/// Walks a System.CommandLine tree so a test can try every option of every command with bad values: a new
/// option is covered the day it is added, without anyone remembering to write its test.
/// </summary>
public static class CommandLineWalk
{
    /// <summary>One option as a user reaches it: the words of its command and the option.</summary>
    public sealed record Case(string[] Path, Command Command, Option Option)
    {
        public override string ToString() => string.Join(' ', Path) + " " + Option.Name;
    }

    /// <summary>Theory data: every option (by <see cref="Case.ToString"/>) with each of its wrong-type and out-of-range values.</summary>
    public static Xunit.TheoryData<string, string> BadValues(RootCommand root)
    {
        var data = new Xunit.TheoryData<string, string>();
        foreach (var option in Options(root))
        {
            if (WrongType(option.Option) is { } wrong)
            {
                data.Add(option.ToString(), wrong);
            }

            foreach (var value in OutOfRange(option.Option))
            {
                data.Add(option.ToString(), value);
            }
        }

        return data;
    }

    /// <summary>Every option of every command that runs something, including the recursive options of its parents.</summary>
    public static IReadOnlyList<Case> Options(RootCommand root)
    {
        var cases = new List<Case>();
        Walk(root, [], [], cases);
        return cases;
    }

    /// <summary>A command line that reaches <paramref name="target"/>'s command with every required argument and option given a valid value, and the option under test set to <paramref name="value"/>.</summary>
    /// <param name="target">The option under test and its command.</param>
    /// <param name="value">The option's (bad) value.</param>
    /// <param name="argumentValue">The text for a command's arguments, where "1" does not suit (a folder).</param>
    public static string[] Line(Case target, string value, Func<Argument, string>? argumentValue = null)
    {
        var words = new List<string>(target.Path[1..]);
        foreach (var argument in target.Command.Arguments)
        {
            words.Add(argumentValue?.Invoke(argument) ?? ValidValue(argument));
        }

        foreach (var option in target.Command.Options)
        {
            if (option.Required && option != target.Option)
            {
                words.Add(option.Name);
                words.Add(ValidValue(option));
            }
        }

        words.Add(target.Option.Name);
        words.Add(value); // after a flag: a word that is neither true nor false, so not a value of it

        return [.. words];
    }

    /// <summary>A value of the wrong type for the option (after a flag: a stray word), or null for strings, where every text is of their type.</summary>
    public static string? WrongType(Option option) => option.ValueType == typeof(string) ? null : "abc";

    /// <summary>
    /// A value of the option's type that no option of that kind should take: the most negative number the type
    /// holds, one past its largest value, an enum number with no name, a string far longer than any field.
    /// </summary>
    public static IEnumerable<string> OutOfRange(Option option)
    {
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        if (type == typeof(int))
        {
            yield return int.MinValue.ToString(CultureInfo.InvariantCulture);
            yield return "2147483648";
        }
        else if (type == typeof(long))
        {
            yield return long.MinValue.ToString(CultureInfo.InvariantCulture);
            yield return "9223372036854775808";
        }
        else if (type == typeof(double))
        {
            yield return "-1e308";
            yield return "1e400";
        }
        else if (type == typeof(decimal))
        {
            yield return "-79228162514264337593543950335";
            yield return "1e400";
        }
        else if (type.IsEnum)
        {
            yield return "99";
        }
        else if (type == typeof(string))
        {
            yield return new string('x', 10_000);
        }
    }

    /// <summary>Whether the option's type is a number, an enum or a flag: bad values of those must be refused as usage errors.</summary>
    public static bool IsTyped(Option option) => IsNumber(option) || IsEnum(option) || option.ValueType == typeof(bool);

    private static void Walk(Command command, string[] path, Option[] inherited, List<Case> cases)
    {
        string[] here = [.. path, command.Name];
        Option[] recursive = [.. inherited];
        foreach (var option in command.Options)
        {
            if (option.Recursive && option is not HelpOption and not VersionOption)
            {
                recursive = [.. recursive, option];
            }
        }

        if (command.Action is not null)
        {
            foreach (var option in command.Options)
            {
                if (option is not HelpOption and not VersionOption)
                {
                    cases.Add(new Case(here, command, option));
                }
            }

            foreach (var option in inherited)
            {
                cases.Add(new Case(here, command, option));
            }
        }

        foreach (var sub in command.Subcommands)
        {
            Walk(sub, here, recursive, cases);
        }
    }

    private static string ValidValue(Symbol symbol)
    {
        var (type, completions) = symbol switch
        {
            Option o => (o.ValueType, o.GetCompletions(CompletionContext.Empty)),
            Argument a => (a.ValueType, a.GetCompletions(CompletionContext.Empty)),
            _ => throw new ArgumentException("not an option or argument", nameof(symbol)),
        };
        foreach (var completion in completions)
        {
            return completion.Label;
        }

        return "1"; // a number, an id, a symbol-or-id: "1" is of every type these tools take
    }

    private static bool IsNumber(Option option)
    {
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        return type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal);
    }

    private static bool IsEnum(Option option) => (Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType).IsEnum;
}
