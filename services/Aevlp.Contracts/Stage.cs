namespace Aevlp.Contracts;

/// <summary>The stages a run goes through, in order. The registry dispatches each one as a command and
/// advances when the worker's event arrives.</summary>
public enum Stage
{
    PseudoLabels,
    Training,
    Evaluation,
    Registration,
}
