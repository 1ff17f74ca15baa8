namespace Guardrail.Proxy.Hosting;

/// <summary>
/// Where the policies are when none is named. The training tool (tools/Guardrail.Training) compiles this file too,
/// so <c>eval</c> and <c>train</c> read the same policy the proxy would serve from the same folder.
/// </summary>
internal static class PolicyLocation
{
    /// <summary>
    /// The policy path: <paramref name="configured"/>, else <c>./policies</c>, else the repository's <c>policies/</c>
    /// when run from inside a checkout (<c>dotnet run</c> starts in the project folder; edits to the repository's files
    /// should hot-reload), else the copy shipped beside the binary.
    /// </summary>
    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var local = Path.GetFullPath("policies");
        if (Directory.Exists(local))
        {
            return local;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "policies");
            if (File.Exists(Path.Combine(dir.FullName, "Guardrail.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "policies");
    }
}
