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
