namespace Guardrail.Filters.ChangeControl;

/// <summary>The bundle serving now: its manifest, signers, where its verified bytes were staged, when it applied.</summary>
internal sealed record ServingBundle(BundleManifest Manifest, IReadOnlyList<string> Signers, string StagedDirectory, string Fingerprint, DateTimeOffset AppliedAt);
