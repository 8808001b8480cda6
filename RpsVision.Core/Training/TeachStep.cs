namespace RpsVision.Core.Training;

/// <summary>One step of teaching a model photos (see <see cref="TeachOptions"/>).</summary>
/// <param name="Step">1-based step.</param>
/// <param name="Loss">Mean training loss of the step's batch (photos and renders).</param>
/// <param name="Accuracy">Share of the step's batch predicted right before the update.</param>
/// <param name="LearningRate">The head's learning rate at this step.</param>
/// <param name="Seconds">Seconds since the first step began, at the end of this one.</param>
public sealed record TeachStep(int Step, double Loss, double Accuracy, double LearningRate, double Seconds);
