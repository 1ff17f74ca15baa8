namespace Guardrail.Benchmarks;

/// <summary>Finds the repository's policies from the benchmark binaries.</summary>
internal static class Repo
{
    public static string Policies { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "policies");
            if (File.Exists(Path.Combine(dir.FullName, "Guardrail.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("policies/ not found above " + AppContext.BaseDirectory);
    }
}
