namespace RpsVision.Core.Data;

/// <summary>Moves a seeded, per-class share of the training images to validation.</summary>
internal static class Splitter
{
    public static DatasetSplit Split(DatasetCatalogue catalogue, SplitOptions options)
    {
        // Sign-extension keeps negative seeds distinct; the constant decorrelates nearby seeds' first draws.
        var random = new SplitMix64(unchecked((ulong)options.Seed ^ 0x5250535649534E31UL));
        var validation = new HashSet<string>(StringComparer.Ordinal);
        for (var label = 0; label < RpsLabels.Count; label++)
        {
            var ofClass = catalogue.Train
                .Where(i => i.Label == label)
                .OrderBy(i => i.RelativePath, StringComparer.Ordinal)
                .ToList();
            var chosen = options.Strategy == SplitStrategy.HoldOutHands
                ? HoldOutHands(ofClass, options.ValidationFraction, random)
                : Stratified(ofClass, options.ValidationFraction, random);
            validation.UnionWith(chosen.Select(i => i.RelativePath));
        }

        var train = catalogue.Train.Where(i => !validation.Contains(i.RelativePath)).ToArray();
        var val = catalogue.Train
            .Where(i => validation.Contains(i.RelativePath))
            .Select(i => i with { Split = DataSplit.Validation })
            .ToArray();
        return new DatasetSplit(catalogue, options, train, val, catalogue.Test);
    }

    /// <summary>
    /// Splits a folder of extra images stratified per label (whatever the archive's strategy: a few photos have no
    /// hands to hold out), with a generator of its own so the archive's split does not change.
    /// </summary>
    public static (LabeledImage[] Train, LabeledImage[] Validation) SplitExtra(LabeledImageFolder extra, double fraction, int seed)
    {
        var random = new SplitMix64(unchecked((ulong)seed ^ 0x4558545241444154UL));
        var validation = new HashSet<string>(StringComparer.Ordinal);
        for (var label = 0; label < RpsLabels.Count; label++)
        {
            var ofClass = extra.Images.Where(i => i.Label == label).OrderBy(i => i.RelativePath, StringComparer.Ordinal).ToList();
            validation.UnionWith(Stratified(ofClass, fraction, random).Select(i => i.RelativePath));
        }

        LabeledImage Prefixed(LabeledImage image, DataSplit split) =>
            image with { RelativePath = $"{ExtraPrefix}{image.RelativePath}", Split = split };
        return (
            extra.Images.Where(i => !validation.Contains(i.RelativePath)).Select(i => Prefixed(i, DataSplit.Train)).ToArray(),
            extra.Images.Where(i => validation.Contains(i.RelativePath)).Select(i => Prefixed(i, DataSplit.Validation)).ToArray());
    }

    /// <summary>Prefix of the relative paths of extra images in a split's manifest.</summary>
    public const string ExtraPrefix = "extra/";

    private static IEnumerable<LabeledImage> Stratified(List<LabeledImage> ofClass, double fraction, SplitMix64 random)
    {
        var count = (int)Math.Round(ofClass.Count * fraction, MidpointRounding.AwayFromZero);
        random.Shuffle(ofClass);
        return ofClass.Take(count);
    }

    private static IEnumerable<LabeledImage> HoldOutHands(List<LabeledImage> ofClass, double fraction, SplitMix64 random)
    {
        if (fraction == 0 || ofClass.Count == 0)
        {
            return [];
        }

        var hands = ofClass.GroupBy(i => i.Hand).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (hands.Count < 2)
        {
            throw new ArgumentException(
                $"Class '{ofClass[0].LabelName}' has {hands.Count} hand(s); HoldOutHands needs at least 2 (one to train, one to validate).");
        }

        random.Shuffle(hands);

        // The prefix of shuffled hands whose image count is closest to the target; at least one hand is
        // held out and at least one is kept for training.
        var target = ofClass.Count * fraction;
        int best = 1, taken = 0;
        var bestDistance = double.MaxValue;
        for (var k = 1; k < hands.Count; k++)
        {
            taken += hands[k - 1].Count();
            var distance = Math.Abs(taken - target);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (k, distance);
            }
        }

        return hands.Take(best).SelectMany(g => g);
    }
}
