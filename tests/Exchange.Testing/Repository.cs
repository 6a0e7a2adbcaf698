namespace Exchange.Testing;

/// <summary>Where the clone is, for tests that check the repository's own docs against the code.</summary>
public static class Repository
{
    /// <summary>The clone's root (where Exchange.sln is).</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Exchange.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Exchange.sln not found above " + AppContext.BaseDirectory);
    }
}
