namespace Guardrail.Tests.Shared;

/// <summary>
/// The repository's folders as the test projects see them: the checkout (the folder holding Guardrail.sln, found by
/// walking up from the test binaries), its shipped policies and the shared development data beside it. One helper
/// for every test project (linked from tests/Shared), so a moved file is fixed in one place.
/// </summary>
internal static class RepoPaths
{
    /// <summary>The folder holding Guardrail.sln.</summary>
    public static string Root { get; } = FindRoot();

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

    private static string FindRoot()
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
