using System.Net.Http.Headers;

namespace Guardrail.Proxy.Commands;

/// <summary>
/// <c>guardrail policy rollback|status --admin URL [--token-env NAME]</c>: talks to a running proxy's admin listener.
/// The bearer key comes from an environment variable (default <c>GUARDRAIL_ADMIN_KEY</c>), never from the command line.
/// </summary>
internal static class AdminClient
{
    public static async Task<int> RunAsync(string command, string[] args, bool post, TextWriter output, TextWriter error)
    {
        var parsed = PolicyArguments.Parse(command, args, ["--admin", "--token-env"], [], 0, 0);
        if (await PolicyCommand.Failed(parsed, error, output) is { } code)
        {
            return code;
        }

        if (parsed.Options!.Value("--admin") is not { } admin || !Uri.TryCreate(admin, UriKind.Absolute, out var baseUri))
        {
            await error.WriteLineAsync(ArgumentErrors.MissingValue(command, "--admin"));
            return ArgumentErrors.ExitCode;
        }

        var variable = parsed.Options.Value("--token-env") ?? "GUARDRAIL_ADMIN_KEY";
        if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } token)
        {
            await error.WriteLineAsync($"guardrail {command}: set the admin key in the environment variable {variable}");
            return ArgumentErrors.ExitCode;
        }

        using var client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = post
                ? await client.PostAsync(new Uri("admin/rollback", UriKind.Relative), content: null)
                : await client.GetAsync(new Uri("admin/status", UriKind.Relative));
            await output.WriteLineAsync(await response.Content.ReadAsStringAsync());
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"guardrail {command}: cannot reach {baseUri}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>GETs a JSON document from the admin listener with the bearer key from <paramref name="tokenVariable"/>.</summary>
    internal static async Task<(System.Text.Json.JsonElement? Body, string? Error)> GetJsonAsync(Uri baseUri, string path, string tokenVariable)
    {
        if (Environment.GetEnvironmentVariable(tokenVariable) is not { Length: > 0 } token)
        {
            return (null, $"set the admin key in the environment variable {tokenVariable}");
        }

        using var client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"{baseUri}{path} answered {(int)response.StatusCode}");
            }

            using var document = System.Text.Json.JsonDocument.Parse(text);
            return (document.RootElement.Clone(), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return (null, $"cannot read {baseUri}{path}: {ex.Message}");
        }
    }
}
