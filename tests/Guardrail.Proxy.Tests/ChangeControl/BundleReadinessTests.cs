using Guardrail.Filters.ChangeControl;
using Guardrail.Proxy.ChangeControl;

namespace Guardrail.Proxy.Tests.ChangeControl;

/// <summary>What /readyz may say about a refused bundle to anyone who can reach the proxy.</summary>
public sealed class BundleReadinessTests
{
    [Fact]
    public void InvalidPolicyReason_CutToFileNames()
    {
        var rejection = new BundleRejection(RejectionCode.InvalidPolicy,
            "policy does not load: /default.yaml:58:43: categories.cbrn.chemical.action: 'explode' is not allowed; /lexicons/cbrn.yaml:3:1: terms: a quoted term", 9, DateTimeOffset.UtcNow);

        var reason = BundleReadiness.PublicReason(rejection);

        Assert.Equal("policy does not load: default.yaml, lexicons/cbrn.yaml (details in the log and the admin status)", reason);
    }

    [Fact]
    public void SignatureReason_KeptWhole()
    {
        var rejection = new BundleRejection(RejectionCode.TooFewSignatures, "1 valid signature(s) from distinct trusted keys, 2 required", 9, DateTimeOffset.UtcNow);

        Assert.Equal(rejection.Reason, BundleReadiness.PublicReason(rejection));
    }
}
