using Xunit;

namespace Exchange.Testing;

/// <summary>
/// A server a test starts from the machine's own packages (nats-server, etcd, ...). Absent, the test is reported as
/// skipped with the reason and the install command, so a machine with only the .NET SDK runs green and says what it
/// left out; under <c>CI=true</c> the same absence fails the test, so CI never passes by skipping.
/// </summary>
public static class ExternalTool
{
    /// <summary>The first of <paramref name="candidates"/> that exists (absolute paths, or names looked up on PATH).</summary>
    public static string? Find(params string[] candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        foreach (var candidate in candidates)
        {
            if (Path.IsPathRooted(candidate))
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                continue;
            }

            foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var path = Path.Combine(folder, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    /// <summary>The tool's path; otherwise skips the calling <c>[SkippableFact]</c> (or fails it under CI=true).</summary>
    /// <param name="name">What the tool is, for the message.</param>
    /// <param name="install">How to install it (e.g. <c>apt-get install nats-server</c>).</param>
    /// <param name="candidates">Where to look.</param>
    public static string Require(string name, string install, params string[] candidates)
    {
        if (Find(candidates) is { } path)
        {
            return path;
        }

        var reason = $"{name} is not installed ({install}; .ci/run installs it)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(reason + ": under CI=true a missing tool fails the test instead of skipping it");
        }

        Skip.If(true, reason);
        return string.Empty; // not reached: Skip.If throws
    }
}
