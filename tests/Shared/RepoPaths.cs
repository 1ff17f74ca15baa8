namespace Guardrail.Tests.Shared;

/// <summary>
/// The repository's folders as the test projects see them: the checkout (the folder holding Guardrail.sln, found by
/// walking up from the test binaries), its shipped policies and the shared development data beside it. One helper
/// for every test project and for the benchmark and load runners (linked from tests/Shared), so a moved file is fixed
/// in one place.
/// </summary>
internal static class RepoPaths
{
    private static string? s_root;

    /// <summary>The folder holding Guardrail.sln above the running binaries.</summary>
    public static string Root => s_root ??= FindRootAbove(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Guardrail.sln not found above " + AppContext.BaseDirectory);

    /// <summary>The shipped policies (<c>policies/</c>).</summary>
    public static string Policies => Path.Combine(Root, "policies");

    /// <summary>The synthetic corpus (<c>data/corpus</c>).</summary>
    public static string Corpus => Path.Combine(Root, "data", "corpus");

    /// <summary>GUARDRAIL_DEV_DATA, else &lt;repo root&gt;/../shared/data/dev (not checked: callers say what they need).</summary>
    public static string DevData
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("GUARDRAIL_DEV_DATA");
            return string.IsNullOrWhiteSpace(overridden)
                ? Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "dev"))
                : overridden;
        }
    }

    /// <summary>Copies the shipped policies to a fresh temporary folder a test may edit.</summary>
    public static string CopyPoliciesToTemp()
    {
        var target = Path.Combine(Path.GetTempPath(), "guardrail-tests-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(Policies, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Policies, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    /// <summary>The folder holding Guardrail.sln at or above <paramref name="start"/>; null when there is none.</summary>
    public static string? FindRootAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Guardrail.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
