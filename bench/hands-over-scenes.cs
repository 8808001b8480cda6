#:package SixLabors.ImageSharp
// Builds the "hands over scenes" proxy of docs/BENCHMARKS.md: photos-dev's hands keyed out of their green
// background and pasted onto 25 held-out scenes (every fourth of ../shared/data/backgrounds by name).
// Usage: dotnet run bench/hands-over-scenes.cs -- PHOTOS_DIR BACKGROUNDS_DIR OUTPUT_DIR
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

string photos = args[0], backgrounds = args[1], output = args[2];
string[] scenes = Directory.GetFiles(backgrounds).Where(f => f.EndsWith(".jpg") || f.EndsWith(".jpeg") || f.EndsWith(".png"))
    .Order(StringComparer.Ordinal).Where((_, i) => i % 4 == 0).ToArray();
int written = 0;
foreach (string labelDir in Directory.GetDirectories(photos).Order(StringComparer.Ordinal))
{
    string label = Path.GetFileName(labelDir);
    Directory.CreateDirectory(Path.Combine(output, label));
    string[] files = Directory.GetFiles(labelDir, "*.png").Order(StringComparer.Ordinal).ToArray();
    for (int i = 0; i < files.Length; i++)
    {
        using var hand = Image.Load<Rgb24>(files[i]);
        using var scene = Image.Load<Rgb24>(scenes[(i * 7 + label.Length) % scenes.Length]);
        scene.Mutate(s => s.Resize(new ResizeOptions { Size = new Size(hand.Width, hand.Height), Mode = ResizeMode.Crop }));
        for (int y = 0; y < hand.Height; y++)
        {
            for (int x = 0; x < hand.Width; x++)
            {
                var p = hand[x, y];
                // Green screen: green clearly above both other channels.
                if (!(p.G > 60 && p.G > p.R * 1.25 && p.G > p.B * 1.25))
                {
                    scene[x, y] = p;
                }
            }
        }
        scene.SaveAsPng(Path.Combine(output, label, Path.GetFileName(files[i])));
        written++;
    }
}
Console.WriteLine($"{written} composites over {scenes.Length} scenes in {output}");
