using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Filters.Policy;

/// <summary>
/// What <see cref="YamlDocuments.Parse(TextReader)"/> read: the documents, or a syntax error (<see cref="Error"/>, with the
/// nearest location YamlDotNet gives in <see cref="ErrorAt"/>, none when it gave up before the first event).
/// <see cref="ScannerGaveUp"/> marks the errors YamlDotNet threw without a message of its own, which a caller may word
/// for its readers (the lexicon loader does).
/// </summary>
internal readonly record struct YamlParseResult(IReadOnlyList<YamlDocument> Documents, Mark? ErrorAt, string? Error, bool ScannerGaveUp = false);
