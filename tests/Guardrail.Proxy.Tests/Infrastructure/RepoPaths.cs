namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>Locates the repository (the folder holding Guardrail.sln) from the test binaries.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Policies => Path.Combine(Root, "policies");

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
}
