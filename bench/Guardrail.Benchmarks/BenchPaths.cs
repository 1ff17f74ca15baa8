namespace Guardrail.Benchmarks;

internal static class BenchPaths
{
    /// <summary>The repository root (the folder holding Guardrail.sln) above the benchmark binaries.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Guardrail.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Guardrail.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
