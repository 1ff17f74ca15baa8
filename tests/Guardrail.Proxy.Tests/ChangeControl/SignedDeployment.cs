using Guardrail.Tests.Shared;
using System.Net.Http.Headers;
using System.Text.Json;
using Guardrail.Filters.ChangeControl;
using Guardrail.Proxy.Commands;
using Guardrail.Proxy.Hosting;
using Guardrail.Proxy.Tests.Infrastructure;

namespace Guardrail.Proxy.Tests.ChangeControl;

/// <summary>
/// A deployment under change control, set up with the real commands: three keys made at test time (alice and bob
/// trusted, carol not), a trusted-keys file signed by both, the shipped policies as signed revision 1 in the live
/// policy directory, and the proxy (with its admin listener) in front of a test upstream.
/// </summary>
internal sealed class SignedDeployment : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";

    private SignedDeployment(string root) => Root = root;

    public string Root { get; }

    public string Live => Path.Combine(Root, "live");

    public string Trusted => Path.Combine(Root, "trusted.json");

    public string AuditLog => Path.Combine(Root, "audit.jsonl");

    public string AuditKey => Path.Combine(Root, "proxy.key");

    public string Key(string name) => Path.Combine(Root, name);

    /// <summary>Where a shadow candidate is deployed (watched when <see cref="WithShadow"/> is set).</summary>
    public string ShadowDirectory => Path.Combine(Root, "shadow");

    /// <summary>Serve with <c>ShadowDirectory</c> (the shadow policy on).</summary>
    public bool WithShadow { get; set; }

    /// <summary>More serve arguments (capture settings, ...).</summary>
    public List<string> ExtraArgs { get; } = [];

    public TestUpstream? Upstream { get; private set; }

    public ProxyApp? Proxy { get; private set; }

    public HttpClient? Client { get; private set; }

    public HttpClient? Admin { get; private set; }

    /// <summary>Keys, trusted file and revision 1 signed by alice and bob; no proxy yet.</summary>
    public static async Task<SignedDeployment> CreateAsync()
    {
        var deployment = new SignedDeployment(Directory.CreateTempSubdirectory("guardrail-cc-").FullName);
        foreach (var name in new[] { "alice", "bob", "carol" })
        {
            await SignedDeployment.CliAsync("policy", "keygen", "--out", deployment.Key(name));
        }

        await SignedDeployment.CliAsync("policy", "trust", "--out", deployment.Trusted, deployment.Key("alice.pub"), deployment.Key("bob.pub"));
        await SignedDeployment.CliAsync("policy", "sign", deployment.Trusted, "--key", deployment.Key("alice"));
        await SignedDeployment.CliAsync("policy", "sign", deployment.Trusted, "--key", deployment.Key("bob"));

        var policies = RepoPaths.CopyPoliciesToTemp();
        Directory.Move(policies, deployment.Live);
        var file = Path.Combine(deployment.Live, "default.yaml");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Edit("deadline_ms: 250", "deadline_ms: 5000"));
        await SignedDeployment.CliAsync("policy", "bundle", deployment.Live, "--revision", "1");
        await SignedDeployment.CliAsync("policy", "sign", deployment.Live, "--key", deployment.Key("alice"));
        await SignedDeployment.CliAsync("policy", "sign", deployment.Live, "--key", deployment.Key("bob"));
        return deployment;
    }

    public string[] ServeArgs(string upstream) =>
    [
        "--urls", "http://127.0.0.1:0", "--upstream", upstream, "--policy", Live, "--Logging:LogLevel:Default=Warning",
        $"--Guardrail:ChangeControl:TrustedKeys={Trusted}",
        $"--Guardrail:ChangeControl:AuditLog={AuditLog}",
        $"--Guardrail:ChangeControl:AuditKey={AuditKey}",
        "--Guardrail:ChangeControl:AdminKey=Test:AdminKey",
        "--Guardrail:ChangeControl:AdminUrls=http://127.0.0.1:0",
        $"--Test:AdminKey={AdminKey}",
        .. WithShadow ? [$"--Guardrail:ChangeControl:ShadowDirectory={ShadowDirectory}", "--Guardrail:ChangeControl:ShadowSummarySeconds=1"] : Array.Empty<string>(),
        .. ExtraArgs,
    ];

    public async Task StartAsync()
    {
        Upstream ??= await TestUpstream.StartAsync();
        Proxy = await ProxyApp.StartAsync(ServeArgs(Upstream.Address.ToString()));
        Client = new HttpClient { BaseAddress = Proxy.Address, Timeout = TimeSpan.FromSeconds(30) };
        Admin = new HttpClient { BaseAddress = Proxy.ChangeControl!.AdminAddress, Timeout = TimeSpan.FromSeconds(30) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        await GuardedProxy.WaitReadyAsync(Client);
    }

    public async Task StopAsync()
    {
        Client?.Dispose();
        Admin?.Dispose();
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        Proxy = null;
    }

    /// <summary>Runs a <c>guardrail</c> command in-process; fails the test when it does not exit 0.</summary>
    public static async Task<string> CliAsync(params string[] args)
    {
        var (code, output) = await TryCliAsync(args);
        Assert.True(code == 0, $"guardrail {string.Join(' ', args)} exited {code}: {output}");
        return output;
    }

    public static async Task<(int Code, string Output)> TryCliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error);
        return (code, output.ToString() + error);
    }

    /// <summary>
    /// Prepares revision <paramref name="revision"/> in a copy of the live directory: chemical requests flagged instead
    /// of blocked (so which revision serves is visible from outside), bundled, signed by <paramref name="signers"/>.
    /// </summary>
    public async Task<string> PrepareAsync(long revision, string[] signers, string? expires = null)
    {
        var next = Path.Combine(Root, "next-" + Guid.NewGuid().ToString("N"));
        CopyTree(Live, next);
        var file = Path.Combine(next, "default.yaml");
        var text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text.Edit("cbrn.chemical:     { threshold: 0.5, action: block }", "cbrn.chemical:     { threshold: 0.5, action: flag }"));
        List<string> bundle = ["policy", "bundle", next, "--revision", revision.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (expires is not null)
        {
            bundle.AddRange(["--expires", expires]);
        }

        await SignedDeployment.CliAsync([.. bundle]);
        foreach (var signer in signers)
        {
            await SignedDeployment.CliAsync("policy", "sign", next, "--key", Key(signer));
        }

        return next;
    }

    /// <summary>Edits a prepared bundle's manifest directly (what the commands refuse to do).</summary>
    public static void EditManifest(string directory, Func<BundleManifest, BundleManifest> edit)
    {
        var path = Path.Combine(directory, BundleManifest.FileName);
        var (manifest, error) = BundleManifest.Parse(File.ReadAllBytes(path));
        Assert.Null(error);
        File.WriteAllBytes(path, edit(manifest!).ToFileBytes());
    }

    /// <summary>Deploys: the live directory becomes an exact copy of <paramref name="source"/> (the manifest written last).</summary>
    public void Deploy(string source) => DeployTo(source, Live);

    /// <summary>Makes <paramref name="target"/> an exact copy of <paramref name="source"/> (the manifest written last).</summary>
    public static void DeployTo(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories))
        {
            if (!File.Exists(Path.Combine(source, Path.GetRelativePath(target, file))))
            {
                File.Delete(file);
            }
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).OrderBy(f => Path.GetFileName(f) == BundleManifest.FileName))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);

            // As rsync does: a temporary dot-file renamed over the old one. Overwriting in place would race the
            // proxy reading the same file (on Unix .NET's FileShare locks make either side fail).
            var temporary = Path.Combine(Path.GetDirectoryName(copy)!, "." + Path.GetFileName(copy) + ".deploy");
            File.Copy(file, temporary, overwrite: true);
            File.Move(temporary, copy, overwrite: true);
        }
    }

    public async Task<JsonElement> StatusAsync()
    {
        using var response = await Admin!.GetAsync(new Uri("/admin/status", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await JsonBody.ReadAsync(response);
    }

    /// <summary>Polls the admin status until <paramref name="done"/> holds (at most 15 s); returns the last status.</summary>
    public async Task<JsonElement> WaitStatusAsync(Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        JsonElement status;
        do
        {
            await Task.Delay(100);
            status = await StatusAsync();
        }
        while (!done(status) && DateTime.UtcNow < deadline);

        return status;
    }

    public static string? RejectionCode(JsonElement status) =>
        status.GetProperty("last_rejection").ValueKind == JsonValueKind.Object ? status.GetProperty("last_rejection").GetProperty("code").GetString() : null;

    public async Task<System.Net.HttpStatusCode> ChemicalStatusAsync()
    {
        using var response = await Client!.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), JsonBody.Chat(Prompts.Chemical));
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
