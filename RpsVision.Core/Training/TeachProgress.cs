namespace RpsVision.Core.Training;

/// <summary>Progress of teaching a model photos, reported after every step.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in all.</param>
/// <param name="Done">The step just finished.</param>
public sealed record TeachProgress(int Step, int Steps, TeachStep Done);
