namespace Guardrail.Filters.Tests.Policy;

/// <summary>A throwaway directory for policy and lexicon files, deleted on dispose.</summary>
internal sealed class PolicyTestDirectory : IDisposable
{
    public PolicyTestDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "guardrail-policy-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Writes <see cref="PolicyYaml.Lexicon"/> at <paramref name="relative"/>.</summary>
    public string WriteLexicon(string relative = "lexicons/cbrn.yaml") => Write(relative, PolicyYaml.Lexicon);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
