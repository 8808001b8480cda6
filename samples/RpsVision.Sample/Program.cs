// A consumer of the RpsVision.Core NuGet package: classify an image with a model file, or train for one
// epoch on a folder of images laid out like the TFDS archives (rps/<label>/*.png, rps-test-set/<label>/*.png).
//
//   dotnet run -- classify <model.onnx> <image>
//   dotnet run -- train <data-folder> <output-folder>
using RpsVision.Core.Data;
using RpsVision.Core.Inference;
using RpsVision.Core.Modeling;
using RpsVision.Core.Runs;
using RpsVision.Core.Training;

return args switch
{
    ["classify", var model, var image] => Classify(model, image),
    ["train", var data, var output] => await TrainOneEpochAsync(data, output),
    _ => Usage(),
};

static int Classify(string modelPath, string imagePath)
{
    using var classifier = new ImageClassifier(modelPath);
    Prediction prediction = classifier.Classify(File.ReadAllBytes(imagePath));

    Console.WriteLine($"{Path.GetFileName(imagePath)}: {prediction.Label} ({prediction.Confidence:P1})");
    for (int i = 0; i < classifier.Model.Labels.Count; i++)
    {
        Console.WriteLine($"  {classifier.Model.Labels[i],-9} {prediction.Probabilities[i]:F4}");
    }
    return 0;
}

static async Task<int> TrainOneEpochAsync(string dataFolder, string outputFolder)
{
    var options = new PipelineOptions
    {
        Data = new DataOptions { DataDir = dataFolder, AllowDownload = false },
        // RpsNet, trained from scratch: the fast architecture, which needs no pretrained weights file.
        Training = TrainingOptions.For(ModelArchitecture.RpsNet) with { Epochs = 1, WarmupEpochs = 0 },
        OutputDir = outputFolder,
    };

    PipelineResult result = await TrainingPipeline.RunAsync(options);

    Console.WriteLine($"run folder: {result.RunFolder}");
    Console.WriteLine($"validation accuracy: {result.ValidationAccuracy:P1}, test accuracy: {result.TestAccuracy:P1}");
    Console.WriteLine($"ONNX parity (max abs diff): {result.OnnxMaxAbsDiff:E2}");
    return File.Exists(Path.Combine(result.RunFolder, RunFiles.Model)) ? 0 : 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: RpsVision.Sample classify <model.onnx> <image>");
    Console.Error.WriteLine("       RpsVision.Sample train <data-folder> <output-folder>");
    return 2;
}
