using System.CommandLine;
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
            if (result.GetValueOrDefault<T?>() is { } value && (value < min || value > max))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value} is out of range ({min} to {max})"));
            }
        });
        return option;
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

    public static bool SecretFits(string secret) => System.Text.Encoding.UTF8.GetByteCount(secret) <= 32;
}
