namespace Aevlp.Registry.Pipeline;

public enum CancelOutcome
{
    /// <summary>KILLED at once, or CANCELLING until its worker (or a sweep's children) stop.</summary>
    Accepted,
    NotFound,
    /// <summary>The run has already ended.</summary>
    AlreadyEnded,
}
