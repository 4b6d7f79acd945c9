using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Api;

/// <summary>Every route of docs/mlflow-api.md, under /api/2.0/mlflow/ and (for MLflow's own web UI) /ajax-api/2.0/mlflow/.</summary>
public static class MlflowApi
{
    public static readonly string[] Prefixes = ["/api/2.0", "/ajax-api/2.0"];

    /// <summary>The body of routes that answer nothing but success.</summary>
    public static readonly object Empty = new();

    public static WebApplication MapMlflowApi(this WebApplication app)
    {
        foreach (var prefix in Prefixes)
        {
            var tracking = app.MapGroup(prefix + "/mlflow");
            tracking.MapExperimentEndpoints();
            tracking.MapRunEndpoints();
            tracking.MapArtifactListEndpoint();
            tracking.MapLoggedModelEndpoints();
            tracking.MapRegisteredModelEndpoints();
            tracking.MapModelVersionEndpoints();
            tracking.MapFallback(NotFound);
            var artifacts = app.MapGroup(prefix + "/mlflow-artifacts");
            artifacts.MapArtifactProxyEndpoints();
            artifacts.MapFallback(NotFound);
        }
        return app;
    }

    private static IResult NotFound(HttpContext context) => Results.Json(
        new ErrorResponse(ErrorCodes.EndpointNotFound, $"No API endpoint {context.Request.Method} {context.Request.Path}."),
        MlflowJson.Options, statusCode: StatusCodes.Status404NotFound);
}
