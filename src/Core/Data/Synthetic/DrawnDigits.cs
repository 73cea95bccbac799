using SkiaSharp;
using TorchSharp;

namespace NeuralNotebooks.Data.Synthetic;

/// <summary>
/// Stand-in 8×8 digits, drawn, for when the real ones (<see cref="Digits"/>) are not installed.
/// Generator: each digit 0..9 (uniform, <c>new Random(seed)</c>) is drawn as seven-segment strokes
/// on a 32×32 canvas with random stroke width, slant, scale and offset, then averaged down to 8×8,
/// giving values in [0, 1] like the real set. Learnable, but easier and less varied than real
/// handwriting — which is why it is only a fallback and always says so in its Source.
/// </summary>
public static class DrawnDigits
{
    // Segments a..g of a seven-segment display as (x1, y1, x2, y2) on a unit box; which digit lights which.
    static readonly (float, float, float, float)[] Segments =
        [(0, 0, 1, 0), (1, 0, 1, 0.5f), (1, 0.5f, 1, 1), (0, 1, 1, 1), (0, 0.5f, 0, 1), (0, 0, 0, 0.5f), (0, 0.5f, 1, 0.5f)];
    static readonly string[] Lit = ["abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc", "abcdefg", "abcdfg"];

    public static TensorDataset Generate(int count, int seed, string reason)
    {
        var random = new Random(seed);
        var pixels = new float[count * 64];
        var labels = new long[count];
        using var bitmap = new SKBitmap(new SKImageInfo(32, 32, SKColorType.Gray8, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        using var pen = new SKPaint { Color = SKColors.White, IsAntialias = true, StrokeCap = SKStrokeCap.Round, Style = SKPaintStyle.Stroke };
        for (var n = 0; n < count; n++)
        {
            var digit = random.Next(10);
            canvas.Clear(SKColors.Black);
            pen.StrokeWidth = 3f + 2f * (float)random.NextDouble();
            float width = 12 + 6 * (float)random.NextDouble(), height = 20 + 6 * (float)random.NextDouble();
            float left = 16 - width / 2 + (float)(random.NextDouble() * 4 - 2), top = 16 - height / 2 + (float)(random.NextDouble() * 4 - 2);
            var slant = (float)(random.NextDouble() * 0.4 - 0.2);
            foreach (var segment in Lit[digit])
            {
                var (x1, y1, x2, y2) = Segments[segment - 'a'];
                canvas.DrawLine(left + width * (x1 - slant * (y1 - 0.5f)), top + height * y1, left + width * (x2 - slant * (y2 - 0.5f)), top + height * y2, pen);
            }
            var bytes = bitmap.Bytes;
            for (var r = 0; r < 8; r++)
                for (var c = 0; c < 8; c++)
                {
                    var sum = 0;
                    for (var i = 0; i < 4; i++)
                        for (var j = 0; j < 4; j++) sum += bytes[(4 * r + i) * bitmap.RowBytes + 4 * c + j];
                    pixels[n * 64 + r * 8 + c] = Math.Min(1f, sum / (16f * 255f) * 1.5f);
                }
            labels[n] = digit;
        }
        using var scope = torch.NewDisposeScope();
        return new TensorDataset([torch.tensor(pixels).reshape(count, 1, 8, 8), torch.tensor(labels)],
            $"SYNTHETIC FALLBACK: {count} drawn seven-segment digits (seed {seed}), not real handwriting, because {reason}");
    }
}
