using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Api;

/// <summary>A client mistake or missing resource, answered as MLflow's <c>{error_code, message}</c>.</summary>
public sealed class MlflowError(string errorCode, int statusCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;

    public int StatusCode { get; } = statusCode;

    public static MlflowError NotFound(string message) => new(ErrorCodes.ResourceDoesNotExist, StatusCodes.Status404NotFound, message);

    public static MlflowError AlreadyExists(string message) => new(ErrorCodes.ResourceAlreadyExists, StatusCodes.Status400BadRequest, message);

    public static MlflowError Invalid(string message) => new(ErrorCodes.InvalidParameterValue, StatusCodes.Status400BadRequest, message);
}
