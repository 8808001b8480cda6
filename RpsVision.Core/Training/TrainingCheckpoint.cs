using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RpsVision.Core.Modeling;
using RpsVision.Core.Preprocessing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// A training checkpoint file: the options and preprocessing that produced it, the completed epochs and their
/// metrics, the model weights and the optimizer state. The random state needs no saving: every epoch's
/// generators are seeded from <see cref="TrainingOptions.Seed"/> and the epoch number.
/// </summary>
/// <remarks>
/// Layout: the magic bytes <c>RPSCKPT1</c>, a length-prefixed UTF-8 JSON header, then the TorchSharp module
/// state and the TorchSharp optimizer state, each length-prefixed. Written to a temporary file, flushed to disk
/// and renamed over the previous file, so a kill at any moment leaves either the old or the new checkpoint.
/// </remarks>
public sealed class TrainingCheckpoint
{
    /// <summary>File name of the last epoch's checkpoint in a run folder.</summary>
    public const string LastFileName = "checkpoint.bin";

    /// <summary>File name of the best-validation checkpoint in a run folder.</summary>
    public const string BestFileName = "checkpoint-best.bin";

    private static readonly byte[] Magic = "RPSCKPT1"u8.ToArray();

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The options of the run (architecture included).</summary>
    public required TrainingOptions Options { get; init; }

    /// <summary>The preprocessing the model expects (input size, mean, std).</summary>
    public required PreprocessingOptions Preprocessing { get; init; }

    /// <summary>Epochs completed when the checkpoint was written.</summary>
    public required int CompletedEpochs { get; init; }

    /// <summary>Metrics of every completed epoch.</summary>
    public required IReadOnlyList<EpochMetrics> History { get; init; }

    /// <summary>Epoch with the best validation accuracy so far (0 when none).</summary>
    public int BestValidationEpoch { get; init; }

    /// <summary>The split and data the run was started with; null for a trainer used outside a run.</summary>
    public RunConfiguration? Run { get; init; }

    /// <summary>Reads a checkpoint's header (not its weights).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an RpsVision checkpoint.</exception>
    public static TrainingCheckpoint ReadHeader(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    /// <summary>Loads the model saved in a checkpoint onto <paramref name="device"/>, in eval mode.</summary>
    /// <exception cref="InvalidDataException">The file is not an RpsVision checkpoint.</exception>
    public static (nn.Module<Tensor, Tensor> Model, TrainingCheckpoint Header) LoadModel(string path, Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        using var reader = Open(path);
        var header = ReadHeader(reader, path);
        var model = ClassifierNetworks.Create(header.Options, withPretrainedWeights: false);
        LoadSection(reader, r => model.load(r));
        model.to(device);
        model.eval();
        return (model, header);
    }

    /// <summary>Writes the checkpoint atomically (temporary file, flush, rename).</summary>
    internal void Save(string path, nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer)
    {
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            byte[] header = JsonSerializer.SerializeToUtf8Bytes(this, Json);
            writer.Write(header.Length);
            writer.Write(header);
            WriteSection(writer, w => model.save(w));
            WriteSection(writer, w => optimizer.save_state_dict(w));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Restores the model weights and the optimizer state saved at <paramref name="path"/> into a live model and
    /// its optimizer, on any device, keeping the model's parameter tensors (the optimizer's state is keyed by them).
    /// </summary>
    internal static void Restore(string path, nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer)
    {
        using var reader = Open(path);
        var header = ReadHeader(reader, path);
        LoadSection(reader, r => LoadWeightsInPlace(r, model, header.Options));
        LoadSection(reader, r => optimizer.load_state_dict(r));
    }

    // Module.load moves a model that is not on the CPU there and back, which gives it new parameter tensors and
    // leaves the optimizer's state pointing at the old ones (KeyNotFoundException on CUDA). Loading into a CPU twin
    // and copying into the live tensors works on every device.
    private static void LoadWeightsInPlace(BinaryReader reader, nn.Module<Tensor, Tensor> model, TrainingOptions options)
    {
        using var staging = ClassifierNetworks.Create(options, withPretrainedWeights: false);
        staging.load(reader);
        var saved = staging.state_dict();
        using var noGrad = no_grad();
        foreach (var (name, live) in model.state_dict())
        {
            live.copy_(saved[name]);
        }
    }

    private static BinaryReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        }
        return new BinaryReader(File.OpenRead(path));
    }

    private static TrainingCheckpoint ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"'{path}' is not an RpsVision checkpoint (bad magic bytes).");
            }
            int length = reader.ReadInt32();
            var header = JsonNode.Parse(reader.ReadBytes(length)) as JsonObject
                ?? throw new InvalidDataException($"'{path}' has an empty checkpoint header.");
            // Checkpoints written before there was a choice of architecture hold an RpsNet.
            if (header["options"] is JsonObject options && !options.ContainsKey("architecture"))
            {
                options["architecture"] = "rpsnet";
            }
            return header.Deserialize<TrainingCheckpoint>(Json)
                ?? throw new InvalidDataException($"'{path}' has an empty checkpoint header.");
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException)
        {
            throw new InvalidDataException($"'{path}' is not a readable RpsVision checkpoint: {e.Message}", e);
        }
    }

    private static void WriteSection(BinaryWriter writer, Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var inner = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            write(inner);
        }
        writer.Write(buffer.Length);
        buffer.Position = 0;
        buffer.CopyTo(writer.BaseStream);
    }

    private static void LoadSection(BinaryReader reader, Action<BinaryReader> read)
    {
        long length = reader.ReadInt64();
        using var section = new BinaryReader(new MemoryStream(reader.ReadBytes(checked((int)length))));
        read(section);
    }
}
