using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Filters.Policy;

/// <summary>
/// What <see cref="YamlDocuments.Parse"/> read: the documents, or a syntax error (<see cref="Error"/>, with the
/// nearest location YamlDotNet gives in <see cref="ErrorAt"/>, none when it gave up before the first event).
/// </summary>
internal readonly record struct YamlParseResult(IReadOnlyList<YamlDocument> Documents, Mark? ErrorAt, string? Error);
