namespace RpsVision.Core.Data;

/// <summary>The split an image belongs to.</summary>
public enum DataSplit
{
    /// <summary>Used to fit the model (from the <c>rps.zip</c> archive, minus validation).</summary>
    Train,

    /// <summary>Held out of the training archive to choose settings and checkpoints.</summary>
    Validation,

    /// <summary>The <c>rps-test-set.zip</c> archive; never used to choose a setting.</summary>
    Test,
}
