namespace Guardrail.Filters.Policy;

/// <summary>What a guarded route does with an encoded attachment in a request (a base64 PDF, a <c>data:</c> URL of a document).</summary>
internal enum AttachmentMode
{
    /// <summary>Refuse the request (the default): an attachment's text is not read.</summary>
    Refuse,

    /// <summary>Extract the attachment's text and screen it with the rest; refuse one that cannot be read.</summary>
    Extract,
}
