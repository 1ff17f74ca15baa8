using System.Net.Http.Headers;

namespace Guardrail.Proxy.Tests.Infrastructure;

/// <summary>Command-line arguments that open the admin listener (metrics, console) on a loopback port 0, and a client for it.</summary>
internal static class AdminArgs
{
    public const string Key = "admin-test-key-0123456789";

    public static string[] Listener =>
    [
        "--Guardrail:ChangeControl:AdminKey=Test:AdminKey",
        "--Test:AdminKey=" + Key,
        "--Guardrail:ChangeControl:AdminUrls=http://127.0.0.1:0",
    ];

    /// <summary>The admin listener's address of a started proxy.</summary>
    public static Uri AddressOf(GuardedProxy proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return proxy.Proxy.ChangeControl?.AdminAddress ?? throw new InvalidOperationException("the admin listener did not start");
    }

    public static HttpClient Client(GuardedProxy proxy, string? key = Key)
    {
        var client = new HttpClient { BaseAddress = AddressOf(proxy), Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
