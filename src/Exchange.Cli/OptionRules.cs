using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Exchange.Cli;

/// <summary>
/// Range rules on options, checked while parsing: a nonsense value (a negative depth, a port out of
/// range, a secret that cannot fit the login) is a usage error naming the option, not a stack trace
/// from deep inside the client or a value silently taken as something else.
/// </summary>
internal static class OptionRules
{
    public static Option<T> Within<T>(this Option<T> option, T min, T max)
        where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (!Converts<T>(result))
            {
                return; // the parser reports the value that is not a number, naming the option
            }

            var value = result.GetValueOrDefault<T>();
            if (value < min || value > max)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value} is out of range ({min} to {max})"));
            }
        });
        return option;
    }

    public static Option<T?> Within<T>(this Option<T?> option, T min, T max)
        where T : struct, INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (Converts<T?>(result) && result.GetValueOrDefault<T?>() is { } value && (value < min || value > max))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value} is out of range ({min} to {max})"));
            }
        });
        return option;
    }

    /// <summary>
    /// Only the enum's named values: the parser also takes a number (<c>--format 99</c>) and would hand on a
    /// value no code path knows.
    /// </summary>
    public static Option<TEnum?> Named<TEnum>(this Option<TEnum?> option)
        where TEnum : struct, Enum
    {
        option.Validators.Add(result =>
        {
            if (Converts<TEnum?>(result) && result.GetValueOrDefault<TEnum?>() is { } value && !Enum.IsDefined(value))
            {
                result.AddError($"{option.Name} {value} is not one of {string.Join(", ", Enum.GetNames<TEnum>())}");
            }
        });
        return option;
    }

    /// <inheritdoc cref="Named{TEnum}(Option{TEnum?})"/>
    public static Option<TEnum> Named<TEnum>(this Option<TEnum> option)
        where TEnum : struct, Enum
    {
        option.Validators.Add(result =>
        {
            if (Converts<TEnum>(result) && result.GetValueOrDefault<TEnum>() is var value && !Enum.IsDefined(value))
            {
                result.AddError($"{option.Name} {value} is not one of {string.Join(", ", Enum.GetNames<TEnum>())}");
            }
        });
        return option;
    }

    /// <summary>
    /// Runs a parsed command line; a usage error prints its reason and one line pointing at --help instead of
    /// the whole help text, so the reason is what the eye finds.
    /// </summary>
    public static int InvokeBriefly(this ParseResult parsed, InvocationConfiguration configuration)
    {
        if (parsed.Errors.Count == 0)
        {
            return parsed.Invoke(configuration);
        }

        foreach (var problem in parsed.Errors)
        {
            configuration.Error.WriteLine(problem.Message);
        }

        var command = parsed.CommandResult.Command;
        var path = command.Name;
        for (var parent = parsed.CommandResult.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            path = parent.Command.Name + " " + path;
        }

        configuration.Error.WriteLine($"Run '{path} --help' for usage.");
        return 1;
    }

    /// <summary>A secret longer than the login's 32-byte field is refused without printing it.</summary>
    public static Option<string> FitsLogin(this Option<string> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } secret && !SecretFits(secret))
            {
                result.AddError($"{option.Name} is longer than 32 bytes (UTF-8), the most a login carries");
            }
        });
        return option;
    }

    /// <summary>
    /// Whether the option's text converted to its type. Reading the value of one that did not throws inside the
    /// parser (it crashed exchange-cli with a stack trace and exit 134 on <c>--wait abc</c>); the parser itself
    /// reports the conversion error naming the option, so the range rule has nothing to add.
    /// </summary>
    private static bool Converts<T>(OptionResult result)
    {
        try
        {
            _ = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static bool SecretFits(string secret) => System.Text.Encoding.UTF8.GetByteCount(secret) <= 32;
}
