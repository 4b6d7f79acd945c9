using Aevlp.Tracking.Client.Protocol;
using Microsoft.AspNetCore.Diagnostics;

namespace Aevlp.Tracking.Api;

/// <summary>Turns exceptions into MLflow error bodies: <see cref="MlflowError"/> as given, a client that hung up as
/// nothing at all, anything else as INTERNAL_ERROR (logged, details not sent).</summary>
public sealed class MlflowErrorHandler(ILogger<MlflowErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, error) = exception switch
        {
            MlflowError e => (e.StatusCode, new ErrorResponse(e.ErrorCode, e.Message)),
            BadHttpRequestException e => (e.StatusCode, new ErrorResponse(ErrorCodes.InvalidParameterValue, e.Message)),
            _ => (StatusCodes.Status500InternalServerError, new ErrorResponse(ErrorCodes.InternalError, "Internal error; see the tracker's log.")),
        };
        // A client that hung up (an abandoned upload, say) gets no answer and is no server error.
        if (context.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("Request {Method} {Path} abandoned by the client", context.Request.Method, context.Request.Path);
            return true;
        }
        if (status >= 500) logger.LogError(exception, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path);
        if (context.Response.HasStarted) return true;
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(error, MlflowJson.Options, ct);
        return true;
    }
}
