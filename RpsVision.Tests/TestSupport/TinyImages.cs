using RpsVision.Core.Modeling;
using RpsVision.Core.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace RpsVision.Tests.TestSupport;

/// <summary>Small generated data sets: a coloured blob on white, whose colour is the class (rotation- and flip-invariant).</summary>
internal static class TinyImages
{
    public const int Size = 16;

    /// <summary>Options that train a small model fast on these images.</summary>
    public static TrainingOptions FastOptions(int epochs = 6, int seed = 7) => new()
    {
        Architecture = ModelArchitecture.RpsNet,
        Epochs = epochs,
        BatchSize = 16,
        WarmupEpochs = 1,
        Seed = seed,
        Device = TrainingDevice.Cpu,
        Threads = 1,
        Model = new RpsNetOptions { StageChannels = [8, 16], Dropout = 0.1 },
        // The class is the blob's colour: the default preset's hue and grey jitter would erase it.
        Augmentation = AugmentationPresets.Get(AugmentationPresets.Renders),
    };

    public static byte[] Rgb(int count, int seed, out int[] labels, int size = Size)
    {
        var random = new Random(seed);
        labels = new int[count];
        var rgb = new byte[count * size * size * 3];
        Array.Fill(rgb, (byte)255);
        for (int i = 0; i < count; i++)
        {
            int label = labels[i] = i % 3;
            int cx = random.Next(4, size - 4), cy = random.Next(4, size - 4);
            for (int y = cy - 3; y <= cy + 3; y++)
            {
                for (int x = cx - 3; x <= cx + 3; x++)
                {
                    int offset = ((i * size + y) * size + x) * 3;
                    for (int c = 0; c < 3; c++)
                    {
                        rgb[offset + c] = (byte)(c == label ? 200 + random.Next(40) : random.Next(60));
                    }
                }
            }
        }
        return rgb;
    }

    public static ImageTensorSet Set(int count, int seed, Device? device = null, int size = Size)
    {
        byte[] rgb = Rgb(count, seed, out int[] labels, size);
        return ImageTensorSet.FromRgb(rgb, labels, size, device ?? CPU);
    }

    /// <summary>Writes the images as RGBA PNGs in the TFDS layout (<c>rps/&lt;label&gt;/</c>, <c>rps-test-set/&lt;label&gt;/</c>).</summary>
    public static void WritePngs(string folder, string split, int count, int seed)
    {
        string[] names = ["rock", "paper", "scissors"];
        byte[] rgb = Rgb(count, seed, out int[] labels);
        for (int i = 0; i < count; i++)
        {
            using var image = new Image<Rgba32>(Size, Size);
            for (int y = 0; y < Size; y++)
            {
                for (int x = 0; x < Size; x++)
                {
                    int o = ((i * Size + y) * Size + x) * 3;
                    image[x, y] = new Rgba32(rgb[o], rgb[o + 1], rgb[o + 2], 255);
                }
            }
            string dir = Path.Combine(folder, split, names[labels[i]]);
            Directory.CreateDirectory(dir);
            image.SaveAsPng(Path.Combine(dir, $"{names[labels[i]]}0{i % 4 + 1}-{i:D3}.png"));
        }
    }
}
