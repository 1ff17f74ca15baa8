using System.Collections.Frozen;
using System.Net;
using System.Text;
using Guardrail.Filters.Limits;
using Guardrail.Filters.Policy;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Filters.Identity;

/// <summary>
/// Loads and validates a tenants file (schema in <c>policies/tenants/tenants.yaml</c>). Like policy files, a bad file
/// is a value: every error is located by file, line, column and dotted field path.
/// </summary>
internal static class AccessPolicyLoader
{
    internal const int MaxFileBytes = 4 * 1024 * 1024;

    private const string DocumentField = "(document)";
    private const string Unlimited = "unlimited";

    private static readonly string[] RootFields = ["defaults", "anonymous", "tenants", "strikes", "trusted_proxies", "store", "egress"];
    private static readonly string[] LimitFields =
    [
        "requests_per_minute", "concurrent_requests", "input_tokens_per_minute", "output_tokens_per_minute",
        "output_tokens_per_day", "output_bytes_per_minute", "output_bytes_per_second",
    ];

    private static readonly string[] TenantFields = ["keys", "limits", "routes", "models"];
    private static readonly string[] StrikeFields = ["enabled", "window_seconds", "slow_down_after", "slow_down_ms", "lockout_after", "lockout_seconds", "lockout_status"];
    private static readonly string[] StoreFields = ["on_unavailable"];
    private static readonly string[] EgressFields = ["insert_max_tokens_up_to"];

    private static readonly (string, StoreFailureMode)[] StoreFailureChoices =
        [("local", StoreFailureMode.Local), ("closed", StoreFailureMode.Closed)];

    /// <summary>Loads the tenants file at <paramref name="path"/>.</summary>
    public static (AccessPolicy? Policy, IReadOnlyList<PolicyError> Errors) Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        byte[] content;
        try
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                return (null, [new PolicyError(fullPath, 0, 0, DocumentField, "file not found")]);
            }

            if (info.Length > MaxFileBytes)
            {
                return (null, [new PolicyError(fullPath, 0, 0, DocumentField, $"file is larger than {MaxFileBytes} bytes")]);
            }

            content = File.ReadAllBytes(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, [new PolicyError(fullPath, 0, 0, DocumentField, $"cannot read file: {ex.Message}")]);
        }

        return Load(fullPath, content);
    }

    /// <summary>Validates <paramref name="content"/> as the tenants file <paramref name="fullPath"/>.</summary>
    public static (AccessPolicy? Policy, IReadOnlyList<PolicyError> Errors) Load(string fullPath, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var errors = new List<PolicyError>();
        var reader = new PolicyYamlReader(fullPath, errors);
        if (Parse(content, reader) is not { } root)
        {
            return (null, errors);
        }

        var fields = reader.Fields(root, "", RootFields);
        var defaults = fields.TryGetValue("defaults", out var d) ? ReadLimits(reader, d.Value, "defaults") : LimitSet.None;
        var anonymous = fields.TryGetValue("anonymous", out var a) ? ReadLimits(reader, a.Value, "anonymous") : LimitSet.None;
        var strikes = fields.TryGetValue("strikes", out var s) ? ReadStrikes(reader, s.Value) : StrikePolicy.Default;
        var trusted = fields.TryGetValue("trusted_proxies", out var t) ? ReadTrustedProxies(reader, t.Value) : TrustedProxies.None;
        var onUnavailable = StoreFailureMode.Local;
        if (fields.TryGetValue("store", out var st) && reader.Mapping(st.Value, "store") is { } storeMap)
        {
            var sf = reader.Fields(storeMap, "store", StoreFields);
            if (sf.TryGetValue("on_unavailable", out var ou))
            {
                onUnavailable = reader.Choice(ou.Value, "store.on_unavailable", StoreFailureChoices) ?? onUnavailable;
            }
        }

        long insertUpTo = AccessPolicy.Empty.InsertMaxTokensUpTo;
        if (fields.TryGetValue("egress", out var eg) && reader.Mapping(eg.Value, "egress") is { } egressMap)
        {
            var ef = reader.Fields(egressMap, "egress", EgressFields);
            if (ef.TryGetValue("insert_max_tokens_up_to", out var im))
            {
                insertUpTo = reader.Integer(im.Value, "egress.insert_max_tokens_up_to", 0, int.MaxValue) ?? insertUpTo;
            }
        }

        var byKey = new Dictionary<ApiKeyHash, Tenant>();
        var tenants = new List<Tenant>();
        if (fields.TryGetValue("tenants", out var tenantsField) && !IsNull(tenantsField.Value)
            && reader.Mapping(tenantsField.Value, "tenants") is { } tenantsMap)
        {
            ReadTenants(reader, tenantsMap, defaults, byKey, tenants);
        }

        if (errors.Count > 0)
        {
            return (null, [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
        }

        var policy = new AccessPolicy(fullPath, byKey.ToFrozenDictionary(), tenants)
        {
            Anonymous = anonymous.Resolved(),
            Strikes = strikes,
            TrustedProxies = trusted,
            OnStoreUnavailable = onUnavailable,
            InsertMaxTokensUpTo = insertUpTo,
        };
        return (policy, []);
    }

    private static void ReadTenants(
        PolicyYamlReader reader, YamlMappingNode map, LimitSet defaults, Dictionary<ApiKeyHash, Tenant> byKey, List<Tenant> tenants)
    {
        var keyOwners = new Dictionary<ApiKeyHash, string>();
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name } || !PolicyLoader.IsValidName(name))
            {
                reader.Error(keyNode.Start, "tenants", "tenant names use lower-case letters, digits, '.', '_' and '-'");
                continue;
            }

            var field = "tenants." + name;
            if (reader.Mapping(value, field) is not { } tenantMap)
            {
                continue;
            }

            var f = reader.Fields(tenantMap, field, TenantFields);
            var limits = f.TryGetValue("limits", out var l) ? ReadLimits(reader, l.Value, field + ".limits") : LimitSet.None;
            var routes = f.TryGetValue("routes", out var r) ? ReadScoped(reader, r.Value, field + ".routes") : FrozenDictionary<string, LimitSet>.Empty;
            var models = f.TryGetValue("models", out var m) ? ReadScoped(reader, m.Value, field + ".models") : FrozenDictionary<string, LimitSet>.Empty;
            var tenant = new Tenant(name, limits.Over(defaults).Resolved(), routes, models);
            tenants.Add(tenant);

            if (!f.TryGetValue("keys", out var keys))
            {
                reader.Missing(keyNode.Start, field + ".keys");
                continue;
            }

            if (keys.Value is not YamlSequenceNode list)
            {
                reader.Error(keys.Value.Start, field + ".keys", "expected a list of key hashes (sha256:...; see 'guardrail hash-key')");
                continue;
            }

            for (var i = 0; i < list.Children.Count; i++)
            {
                var item = list.Children[i];
                var itemField = $"{field}.keys[{i}]";
                if (reader.String(item, itemField) is not { } text)
                {
                    continue;
                }

                if (!ApiKeyHash.TryParse(text.Trim(), out var hash))
                {
                    reader.Error(item.Start, itemField,
                        "expected 'sha256:' and 64 hex digits (the hash of the key, never the key itself; see 'guardrail hash-key')");
                    continue;
                }

                if (!keyOwners.TryAdd(hash, name))
                {
                    reader.Error(item.Start, itemField, $"this key already belongs to tenant '{keyOwners[hash]}'; a key maps to one tenant");
                    continue;
                }

                byKey[hash] = tenant;
            }
        }
    }

    private static FrozenDictionary<string, LimitSet> ReadScoped(PolicyYamlReader reader, YamlNode node, string field)
    {
        if (reader.Mapping(node, field) is not { } map)
        {
            return FrozenDictionary<string, LimitSet>.Empty;
        }

        var result = new Dictionary<string, LimitSet>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                reader.Error(keyNode.Start, field, "expected a route id or model name");
                continue;
            }

            result[name] = ReadLimits(reader, value, field + "." + name).Resolved();
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static LimitSet ReadLimits(PolicyYamlReader reader, YamlNode node, string field)
    {
        if (IsNull(node) || reader.Mapping(node, field) is not { } map)
        {
            return LimitSet.None;
        }

        var f = reader.Fields(map, field, LimitFields);
        long? Read(string name) => f.TryGetValue(name, out var v) ? Limit(reader, v.Value, PolicyYamlReader.Join(field, name)) : null;
        return new LimitSet
        {
            RequestsPerMinute = Read("requests_per_minute"),
            ConcurrentRequests = Read("concurrent_requests"),
            InputTokensPerMinute = Read("input_tokens_per_minute"),
            OutputTokensPerMinute = Read("output_tokens_per_minute"),
            OutputTokensPerDay = Read("output_tokens_per_day"),
            OutputBytesPerMinute = Read("output_bytes_per_minute"),
            OutputBytesPerSecond = Read("output_bytes_per_second"),
        } is var set && set == LimitSet.None ? LimitSet.None : set;
    }

    /// <summary>A positive whole number; <c>unlimited</c> means no limit (and overrides a default).</summary>
    private static long? Limit(PolicyYamlReader reader, YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: Unlimited })
        {
            return LimitSet.UnlimitedMark;
        }

        return reader.Integer(node, field, 1, long.MaxValue / 4);
    }

    private static StrikePolicy ReadStrikes(PolicyYamlReader reader, YamlNode node)
    {
        const string field = "strikes";
        var defaults = StrikePolicy.Default;
        if (reader.Mapping(node, field) is not { } map)
        {
            return defaults;
        }

        var f = reader.Fields(map, field, StrikeFields);
        long? Int(string name, long min, long max) =>
            f.TryGetValue(name, out var v) ? reader.Integer(v.Value, field + "." + name, min, max) : null;

        var enabled = f.TryGetValue("enabled", out var e) ? reader.Boolean(e.Value, "strikes.enabled") : null;
        var window = Int("window_seconds", 1, 7 * 86400);
        var slowAfter = Int("slow_down_after", 0, 1_000_000);
        var slowMs = Int("slow_down_ms", 0, 60_000);
        var lockAfter = Int("lockout_after", 0, 1_000_000);
        var lockSeconds = Int("lockout_seconds", 1, 30 * 86400);
        var status = Int("lockout_status", 403, 429);
        if (status is { } s && s is not (403 or 429) && f.TryGetValue("lockout_status", out var sv))
        {
            reader.Error(sv.Value.Start, "strikes.lockout_status", "must be 403 or 429");
        }

        return new StrikePolicy
        {
            Enabled = enabled ?? defaults.Enabled,
            Window = window is { } w ? TimeSpan.FromSeconds(w) : defaults.Window,
            SlowDownAfter = slowAfter ?? defaults.SlowDownAfter,
            SlowDown = slowMs is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.SlowDown,
            LockoutAfter = lockAfter ?? defaults.LockoutAfter,
            Lockout = lockSeconds is { } ls ? TimeSpan.FromSeconds(ls) : defaults.Lockout,
            LockoutStatus = (int)(status ?? defaults.LockoutStatus),
        };
    }

    private static TrustedProxies ReadTrustedProxies(PolicyYamlReader reader, YamlNode node)
    {
        if (IsNull(node))
        {
            return TrustedProxies.None;
        }

        if (node is not YamlSequenceNode list)
        {
            reader.Error(node.Start, "trusted_proxies", "expected a list of addresses or networks (10.0.0.5, 10.0.0.0/8)");
            return TrustedProxies.None;
        }

        var networks = new List<IPNetwork>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var field = $"trusted_proxies[{i}]";
            if (reader.String(list.Children[i], field) is not { } text)
            {
                continue;
            }

            if (!TrustedProxies.TryParseEntry(text.Trim(), out var network))
            {
                reader.Error(list.Children[i].Start, field, $"'{text}' is not an address or network (10.0.0.5, 10.0.0.0/8, fd00::/8)");
                continue;
            }

            networks.Add(network);
        }

        return new TrustedProxies(networks);
    }

    private static YamlMappingNode? Parse(byte[] content, PolicyYamlReader reader)
    {
        if (reader.SingleDocument(content, DocumentField, "the file is empty", "a tenants file") is not { } root)
        {
            return null;
        }

        if (IsNull(root))
        {
            reader.FileError(DocumentField, "the file is empty");
            return null;
        }

        return reader.Mapping(root, DocumentField);
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" };
}
