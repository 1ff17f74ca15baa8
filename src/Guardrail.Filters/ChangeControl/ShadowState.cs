namespace Guardrail.Filters.ChangeControl;

/// <summary>Where the shadow policy stands, as the admin status and <c>policy shadow-report</c> name it.</summary>
internal enum ShadowState
{
    /// <summary>No bundle in the shadow directory (or the directory does not exist).</summary>
    Empty,

    /// <summary>A verified candidate is screening beside the live policy.</summary>
    Running,

    /// <summary>The shadow directory holds the bundle that serves live (promoted): nothing to compare.</summary>
    Promoted,

    /// <summary>The shadow directory's bundle was refused and no earlier candidate is running.</summary>
    Rejected,
}
