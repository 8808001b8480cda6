using System.Text.Json;

namespace RpsVision.Serving.Requests;

/// <summary>Reads numeric tensors out of JSON, nested (one array per axis) or flat, checking the shape.</summary>
internal static class JsonTensor
{
    /// <summary>
    /// Copies a tensor nested as arrays of exactly <paramref name="shape"/> into <paramref name="destination"/>
    /// (row-major). Returns null, or a message saying where the JSON departs from the shape.
    /// </summary>
    public static string? ReadNested(JsonElement element, ReadOnlySpan<int> shape, Span<float> destination)
    {
        int written = 0;
        return ReadNested(element, shape, destination, ref written, "");
    }

    /// <summary>
    /// Copies <paramref name="destination"/>.Length numbers from a flat array, or from arrays nested in any way
    /// (the protocol's row-major order). Returns null, or a message saying what is wrong.
    /// </summary>
    public static string? ReadFlattened(JsonElement element, Span<float> destination)
    {
        int written = 0;
        string? error = Flatten(element, destination, ref written);
        return error ?? (written == destination.Length ? null : $"data holds {written} values; the shape needs {destination.Length}.");
    }

    private static string? ReadNested(JsonElement element, ReadOnlySpan<int> shape, Span<float> destination, ref int written, string path)
    {
        if (shape.IsEmpty)
        {
            return ReadNumber(element, destination, ref written, path);
        }
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != shape[0])
        {
            string found = element.ValueKind == JsonValueKind.Array ? $"an array of {element.GetArrayLength()}" : element.ValueKind.ToString().ToLowerInvariant();
            return $"at {(path.Length == 0 ? "the top" : path)} expected an array of {shape[0]}, found {found}.";
        }
        int index = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            string? error = ReadNested(item, shape[1..], destination, ref written, $"{path}[{index++}]");
            if (error is not null)
            {
                return error;
            }
        }
        return null;
    }

    private static string? Flatten(JsonElement element, Span<float> destination, ref int written)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return ReadNumber(element, destination, ref written, $"value {written}");
        }
        foreach (JsonElement item in element.EnumerateArray())
        {
            string? error = Flatten(item, destination, ref written);
            if (error is not null)
            {
                return error;
            }
        }
        return null;
    }

    private static string? ReadNumber(JsonElement element, Span<float> destination, ref int written, string path)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetSingle(out float value) || !float.IsFinite(value))
        {
            return $"{path} is {element.GetRawText()}, not a finite number.";
        }
        if (written >= destination.Length)
        {
            return $"data holds more than the {destination.Length} values the shape needs.";
        }
        destination[written++] = value;
        return null;
    }
}
