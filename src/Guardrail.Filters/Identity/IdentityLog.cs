using Microsoft.Extensions.Logging;

namespace Guardrail.Filters.Identity;

/// <summary>Source-generated log events for client identity and the tenants file. Keys are never logged, not even hashed.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(EventId = 2000, EventName = "TenantsLoaded", Level = LogLevel.Information,
        Message = "Tenants file {Path} loaded: {TenantCount} tenants, {KeyCount} keys")]
    public static partial void TenantsLoaded(ILogger logger, string path, int tenantCount, int keyCount);

    [LoggerMessage(EventId = 2001, EventName = "TenantsRejected", Level = LogLevel.Error,
        Message = "Tenants file {Path} rejected, the previous version keeps serving: {ErrorFile}:{Line}:{Column}: {Field}: {Reason}")]
    public static partial void TenantsRejected(ILogger logger, string path, string errorFile, int line, int column, string field, string reason);

    [LoggerMessage(EventId = 2002, EventName = "TenantsMissing", Level = LogLevel.Warning,
        Message = "No tenants file at {Path}: no API key is accepted, and only routes with guardrail-anonymous: true serve (without limits)")]
    public static partial void TenantsMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 2003, EventName = "TenantsFileGone", Level = LogLevel.Error,
        Message = "Tenants file {Path} is gone; the last loaded version keeps serving until it is restored")]
    public static partial void TenantsFileGone(ILogger logger, string path);

    [LoggerMessage(EventId = 2010, EventName = "ClientUnauthorized", Level = LogLevel.Information,
        Message = "Request {RequestId} on route {RouteId} refused with 401: {Reason}")]
    public static partial void Unauthorized(ILogger logger, string requestId, string routeId, string reason);

    [LoggerMessage(EventId = 2011, EventName = "UpstreamKeyMissing", Level = LogLevel.Error,
        Message = "Route {RouteId} injects the upstream key from configuration '{ConfigKey}', which is not set; request {RequestId} refused with 503")]
    public static partial void UpstreamKeyMissing(ILogger logger, string routeId, string configKey, string requestId);

    public static void Rejected(ILogger logger, string path, IEnumerable<Policy.PolicyError> errors)
    {
        foreach (var e in errors)
        {
            TenantsRejected(logger, path, e.File, e.Line, e.Column, e.Field, e.Message);
        }
    }
}
