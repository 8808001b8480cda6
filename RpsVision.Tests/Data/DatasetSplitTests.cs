using System.Text.Json;
using RpsVision.Core.Data;

namespace RpsVision.Tests.Data;

public class DatasetSplitTests
{
    private TempDir _dir = null!;
    private DatasetCatalogue _catalogue = null!;

    [OneTimeSetUp]
    public void CreateDataSet()
    {
        _dir = new TempDir();
        // 7 hands of 20 images per class, like the real 7 hands of 120.
        TestData.WriteLayout(_dir.Path, trainPerClass: 140, testPerClass: 4, hands: 7);
        _catalogue = RpsDataset.Load(new DataOptions { DataDir = _dir.Path, TrainImagesPerClass = 140, TestImagesPerClass = 4 });
    }

    [OneTimeTearDown]
    public void DeleteDataSet() => _dir.Dispose();

    [Test]
    public void Split_SameSeed_SameFiles()
    {
        var first = _catalogue.Split(new SplitOptions { Seed = 7 });
        var second = _catalogue.Split(new SplitOptions { Seed = 7 });

        Assert.That(second.Validation.Select(i => i.RelativePath), Is.EqualTo(first.Validation.Select(i => i.RelativePath)));
        Assert.That(second.Train.Select(i => i.RelativePath), Is.EqualTo(first.Train.Select(i => i.RelativePath)));
    }

    [Test]
    public void Split_DifferentSeed_DifferentFiles()
    {
        var first = _catalogue.Split(new SplitOptions { Seed = 1 });
        var second = _catalogue.Split(new SplitOptions { Seed = 2 });

        Assert.That(second.Validation.Select(i => i.RelativePath), Is.Not.EquivalentTo(first.Validation.Select(i => i.RelativePath)));
    }

    [Test]
    public void Split_Seed42_PinnedFirstValidationFiles()
    {
        // Pins the PRNG and the shuffle so that a change in either (or a runtime's Random) is noticed.
        var split = _catalogue.Split();

        Assert.That(split.Validation.Take(2).Select(i => i.RelativePath),
            Is.EqualTo(new[] { "rps/paper/paper01-098.png", "rps/paper/paper02-022.png" }));
        Assert.That(new SplitMix64(0).NextUInt64(), Is.EqualTo(0xE220A8397B1DCDAFUL));
    }

    [Test]
    public void Split_Stratified_EachClassLosesFifteenPercent()
    {
        var split = _catalogue.Split();

        for (var label = 0; label < RpsLabels.Count; label++)
        {
            Assert.That(split.Validation.Count(i => i.Label == label), Is.EqualTo(21), RpsLabels.NameOf(label)); // 140 × 0.15
            Assert.That(split.Train.Count(i => i.Label == label), Is.EqualTo(119), RpsLabels.NameOf(label));
        }

        Assert.That(split.Validation.Select(i => i.Split), Is.All.EqualTo(DataSplit.Validation));
        Assert.That(split.Train.Select(i => i.RelativePath).Intersect(split.Validation.Select(i => i.RelativePath)), Is.Empty);
        Assert.That(split.Test, Is.EqualTo(_catalogue.Test));
    }

    [Test]
    public void Split_HoldOutHands_NoHandInBothTrainAndValidation()
    {
        var split = _catalogue.Split(new SplitOptions { Strategy = SplitStrategy.HoldOutHands });

        var trainHands = split.Train.Select(i => i.Hand).ToHashSet();
        var validationHands = split.Validation.Select(i => i.Hand).ToHashSet();
        Assert.That(trainHands.Overlaps(validationHands), Is.False);
        for (var label = 0; label < RpsLabels.Count; label++)
        {
            // One of seven hands per class (20 of 140 images) is the closest to 15 %.
            Assert.That(split.Validation.Where(i => i.Label == label).Select(i => i.Hand).Distinct().Count(), Is.EqualTo(1));
            Assert.That(split.Validation.Count(i => i.Label == label), Is.EqualTo(20));
        }
    }

    [Test]
    public void Split_HoldOutHandsDifferentSeeds_CanHoldOutDifferentHands()
    {
        var held = Enumerable.Range(0, 10)
            .Select(seed => string.Join(",", _catalogue.Split(new SplitOptions { Seed = seed, Strategy = SplitStrategy.HoldOutHands })
                .Validation.Select(i => i.Hand).Distinct().Order(StringComparer.Ordinal)))
            .Distinct()
            .Count();

        Assert.That(held, Is.GreaterThan(1));
    }

    [Test]
    public void WriteManifestCsv_Split_OneRowPerImageWithSplitLabelAndHand()
    {
        var split = _catalogue.Split();
        var path = Path.Combine(_dir.Path, "out", "manifest.csv");

        split.WriteManifestCsv(path);

        var lines = File.ReadAllLines(path);
        Assert.That(lines[0], Is.EqualTo("path,split,label,label_name,hand"));
        Assert.That(lines, Has.Length.EqualTo(1 + 420 + 12));
        var validation = split.Validation[0];
        Assert.That(lines, Does.Contain($"{validation.RelativePath},validation,{validation.Label},{validation.LabelName},{validation.Hand}"));
        Assert.That(lines.Count(l => l.Contains(",test,", StringComparison.Ordinal)), Is.EqualTo(12));
    }

    [Test]
    public void WriteManifestJson_Split_RecordsSettingsDigestsAndImages()
    {
        var split = _catalogue.Split(new SplitOptions { Seed = 5, Strategy = SplitStrategy.HoldOutHands });
        var path = Path.Combine(_dir.Path, "out", "manifest.json");

        split.WriteManifestJson(path);

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.That(root.GetProperty("seed").GetInt32(), Is.EqualTo(5));
        Assert.That(root.GetProperty("strategy").GetString(), Is.EqualTo("HoldOutHands"));
        Assert.That(root.GetProperty("train_digest").GetString(), Is.EqualTo(_catalogue.TrainDigest));
        Assert.That(root.GetProperty("images").GetArrayLength(), Is.EqualTo(432));
        var first = root.GetProperty("images")[0];
        Assert.That(first.GetProperty("split").GetString(), Is.EqualTo("train"));
        Assert.That(first.GetProperty("hand").GetString(), Is.Not.Empty);
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void WithExtra_TenPhotosPerClass_SplitsEachClassEightyFiveFifteenAndAppendsThem()
    {
        using var photos = new PhotoFolders();
        string folder = Path.Combine(photos.Root, "mine");
        foreach (string label in RpsLabels.Names)
        {
            for (int i = 0; i < 10; i++)
            {
                PhotoFolders.Write(folder, $"{label}/{i}.png", TestData.Png(i + 100 * RpsLabels.IndexOf(label)));
            }
        }
        var split = _catalogue.Split();

        var withExtra = split.WithExtra(LabeledImageFolder.Read(folder));

        Assert.That(withExtra.ExtraValidation.GroupBy(i => i.Label).Select(g => g.Count()), Is.EqualTo(new[] { 2, 2, 2 })); // round(1.5)
        Assert.That(withExtra.ExtraTrain, Has.Count.EqualTo(24));
        Assert.That(withExtra.Train, Is.EqualTo(split.Train.Concat(withExtra.ExtraTrain)));
        Assert.That(withExtra.Validation, Is.EqualTo(split.Validation.Concat(withExtra.ExtraValidation)));
        Assert.That(withExtra.Test, Is.EqualTo(split.Test));
        Assert.That(withExtra.ExtraTrain.Concat(withExtra.ExtraValidation).Select(i => i.RelativePath), Has.All.StartWith("extra/"));
        Assert.That(withExtra.ExtraValidation.Select(i => i.Split), Has.All.EqualTo(DataSplit.Validation));
        Assert.That(withExtra.ExtraTrain.Select(i => i.RelativePath).Intersect(withExtra.ExtraValidation.Select(i => i.RelativePath)), Is.Empty);
        Assert.That(split.WithExtra(LabeledImageFolder.Read(folder)).ExtraValidation, Is.EqualTo(withExtra.ExtraValidation), "seeded");
        string manifest = Path.Combine(_dir.Path, "extra-split.json");
        withExtra.WriteManifestJson(manifest);
        Assert.That(File.ReadAllText(manifest), Does.Contain("\"extra_digest\"").And.Contain("extra/rock/0.png"));
    }
}
