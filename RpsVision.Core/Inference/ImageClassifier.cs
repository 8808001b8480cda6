using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RpsVision.Core.Preprocessing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace RpsVision.Core.Inference;

/// <summary>
/// Classifies images with an exported ONNX model: preprocess (the model's own preprocessing, read from its
/// metadata, with the same code as training) → ONNX Runtime → probabilities. Thread-safe: one
/// <see cref="InferenceSession"/> is shared by all callers. Uses no TorchSharp.
/// </summary>
public sealed class ImageClassifier : IDisposable
{
    private readonly InferenceSession session;
    private readonly ClassifierOptions options;
    private readonly PreprocessingOptions preprocessing;
    private readonly int imageLength;
    private readonly string[] inputNames;
    private readonly string[] outputNames = [ModelOutputs.Probabilities];

    /// <summary>Loads the model and checks that it describes itself fully.</summary>
    /// <param name="modelPath">An ONNX file with the outputs named in <see cref="ModelOutputs"/> and the metadata of <see cref="ModelMetadata"/>, as the exporter writes it.</param>
    /// <param name="options">Session settings and input limits; default <see cref="ClassifierOptions"/>.</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="InvalidModelException">The file is not a model this classifier can serve; the message says why.</exception>
    public ImageClassifier(string modelPath, ClassifierOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        this.options = options ?? new ClassifierOptions();
        this.options.Validate();
        string fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Model file '{fullPath}' does not exist.", fullPath);
        }

        using SessionOptions sessionOptions = this.options.CreateSessionOptions();
        try
        {
            session = new InferenceSession(fullPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidModelException(fullPath, $"ONNX Runtime cannot load it: {e.Message}", e);
        }
        try
        {
            Model = ModelInfoReader.Read(session, fullPath);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        preprocessing = Model.Preprocessing;
        imageLength = ImagePreprocessor.RgbLength(preprocessing);
        inputNames = [Model.InputName];
    }

    /// <summary>What the model says about itself: name, version, labels, input size, preprocessing, metadata.</summary>
    public ModelInfo Model { get; }

    /// <summary>Classifies one encoded image (PNG, JPEG, …).</summary>
    /// <exception cref="InvalidImageException">The bytes cannot be used as an image; <see cref="InvalidImageException.Reason"/> says why.</exception>
    public Prediction Classify(ReadOnlySpan<byte> encodedImage)
    {
        CheckEncodedLength(encodedImage.Length);
        float[] buffer = ArrayPool<float>.Shared.Rent(imageLength);
        try
        {
            ImagePreprocessor.PrepareForInference(encodedImage, preprocessing, options.Limits, buffer.AsSpan(0, imageLength));
            return Run(buffer, 1)[0];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Classifies one encoded image read from <paramref name="stream"/> (read up to <see cref="ClassifierOptions.MaxEncodedBytes"/>).</summary>
    /// <exception cref="InvalidImageException">The data cannot be used as an image or is larger than allowed.</exception>
    public Prediction Classify(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                CheckEncodedLength(copy.Length + read);
                copy.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return Classify(copy.GetBuffer().AsSpan(0, (int)copy.Length));
    }

    /// <summary>Classifies an already decoded image of any size (it is resized, not modified).</summary>
    public Prediction Classify(Image<Rgba32> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        float[] buffer = ArrayPool<float>.Shared.Rent(imageLength);
        try
        {
            ImagePreprocessor.PrepareForInference(image, preprocessing, buffer.AsSpan(0, imageLength));
            return Run(buffer, 1)[0];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Classifies several encoded images, sent to ONNX Runtime in batches of at most
    /// <see cref="ClassifierOptions.MaxBatchSize"/>. Answers are in input order.
    /// </summary>
    /// <exception cref="InvalidImageException">One of the images cannot be used; the message gives its index.</exception>
    public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<byte[]> encodedImages)
    {
        ArgumentNullException.ThrowIfNull(encodedImages);
        var predictions = new List<Prediction>(encodedImages.Count);
        int batchSize = Math.Min(options.MaxBatchSize, Math.Max(encodedImages.Count, 1));
        float[] buffer = ArrayPool<float>.Shared.Rent(batchSize * imageLength);
        try
        {
            for (int start = 0; start < encodedImages.Count; start += batchSize)
            {
                int count = Math.Min(batchSize, encodedImages.Count - start);
                for (int i = 0; i < count; i++)
                {
                    PrepareOne(encodedImages[start + i], start + i, buffer.AsSpan(i * imageLength, imageLength));
                }
                predictions.AddRange(Run(buffer, count));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
        return predictions;
    }

    /// <summary>
    /// Classifies images that are already preprocessed: <paramref name="count"/> normalised float tensors,
    /// [count, 3, S, S] in row-major order (as TF Serving / KServe FP32 inputs arrive).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="nchw"/> does not hold <c>count * 3 * S * S</c> values.</exception>
    public IReadOnlyList<Prediction> ClassifyPreprocessed(ReadOnlySpan<float> nchw, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (nchw.Length != (long)count * imageLength)
        {
            throw new ArgumentException(
                $"Expected {count} x 3 x {preprocessing.InputSize} x {preprocessing.InputSize} = {(long)count * imageLength} values, got {nchw.Length}.",
                nameof(nchw));
        }
        var predictions = new List<Prediction>(count);
        int batchSize = Math.Min(options.MaxBatchSize, Math.Max(count, 1));
        float[] buffer = ArrayPool<float>.Shared.Rent(batchSize * imageLength);
        try
        {
            for (int start = 0; start < count; start += batchSize)
            {
                int n = Math.Min(batchSize, count - start);
                nchw.Slice(start * imageLength, n * imageLength).CopyTo(buffer);
                predictions.AddRange(Run(buffer, n));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
        return predictions;
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => session.Dispose();

    private void PrepareOne(byte[] encoded, int index, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(encoded, $"encodedImages[{index}]");
        try
        {
            CheckEncodedLength(encoded.Length);
            ImagePreprocessor.PrepareForInference(encoded, preprocessing, options.Limits, destination);
        }
        catch (InvalidImageException e)
        {
            throw new InvalidImageException(e.Reason, $"Image {index}: {e.Message}", e);
        }
    }

    private void CheckEncodedLength(long length)
    {
        if (length > options.MaxEncodedBytes)
        {
            throw new InvalidImageException(InvalidImageReason.TooLarge,
                $"The encoded image has more than {options.MaxEncodedBytes:N0} bytes (the limit).");
        }
    }

    /// <summary>Runs the first <paramref name="count"/> images of <paramref name="buffer"/> through the model.</summary>
    private Prediction[] Run(float[] buffer, int count)
    {
        int size = preprocessing.InputSize;
        long[] shape = [count, 3, size, size];
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            buffer.AsMemory(0, count * imageLength), shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, inputNames, [input], outputNames);
        ReadOnlySpan<float> probabilities = outputs[0].GetTensorDataAsSpan<float>();

        int classes = Model.Labels.Count;
        var predictions = new Prediction[count];
        for (int n = 0; n < count; n++)
        {
            float[] row = probabilities.Slice(n * classes, classes).ToArray();
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }
            predictions[n] = new Prediction(Model.Labels[best], best, row);
        }
        return predictions;
    }
}
