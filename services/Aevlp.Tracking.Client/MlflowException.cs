using System.Net;

namespace Aevlp.Tracking.Client;

/// <summary>A request the tracking server refused: MLflow's error code (see
/// <see cref="Protocol.ErrorCodes"/>), the HTTP status and the server's message.</summary>
public sealed class MlflowException(string errorCode, HttpStatusCode statusCode, string message)
    : Exception($"{errorCode} ({(int)statusCode}): {message}")
{
    public string ErrorCode { get; } = errorCode;

    public HttpStatusCode StatusCode { get; } = statusCode;

    public string ServerMessage { get; } = message;
}
