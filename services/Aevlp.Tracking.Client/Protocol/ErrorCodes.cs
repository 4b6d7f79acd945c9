namespace Aevlp.Tracking.Client.Protocol;

/// <summary>The MLflow error codes this platform uses (docs/mlflow-api.md "Conventions").</summary>
public static class ErrorCodes
{
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string EndpointNotFound = "ENDPOINT_NOT_FOUND";
    public const string InternalError = "INTERNAL_ERROR";

    /// <summary>401: no API key, or a wrong one (README "Security").</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    /// <summary>Given by the client when a failed response carried no MLflow error body (a proxy's page, say).</summary>
    public const string UnexpectedResponse = "UNEXPECTED_RESPONSE";
}

public sealed record ErrorResponse(string ErrorCode, string Message);
