using System.Text.Json.Serialization;

namespace RpsVision.Core.Modeling;

/// <summary>The network a run trains (<c>--model</c>). Saved with every checkpoint and forced from it on resume.</summary>
public enum ModelArchitecture
{
    /// <summary>
    /// <see cref="Modeling.ResNet18"/> with ImageNet weights (<see cref="ImageNetResNet18"/>), fine-tuned with a new
    /// 3-class head: the default, the one that recognises hands in real photos. Input sides are multiples of 32.
    /// </summary>
    [JsonStringEnumMemberName("resnet18")]
    ResNet18,

    /// <summary>
    /// <see cref="Modeling.RpsNet"/>, the small CNN trained from scratch (<see cref="Training.TrainingOptions.Model"/>):
    /// fast, any input size, for renders and tests.
    /// </summary>
    [JsonStringEnumMemberName("rpsnet")]
    RpsNet,
}
