using TorchSharp;

namespace NeuralNotebooks.Data.Synthetic;

/// <summary>
/// Short videos of one real digit sliding across a blank canvas (sequence models over images).
/// Generator: for each sequence (<c>new Random(seed)</c>), a digit image is drawn uniformly from the
/// given labelled images (e.g. <see cref="Digits"/> 8×8 or Fashion-MNIST), a start position is
/// drawn so the whole path stays on the canvas, and a direction is drawn uniformly from
/// <see cref="Directions"/>; each frame moves the digit one pixel that way. Tensors: frames float
/// [N, T, 1, S, S] in [0, 1], direction int64 [N] (index into <see cref="Directions"/>), digit label
/// int64 [N]. Both labels are learnable: the direction only from the motion, the digit from any frame.
/// </summary>
public static class MovingDigits
{
    public static readonly IReadOnlyList<string> Directions = ["right", "left", "down", "up"];
    static readonly (int Dx, int Dy)[] Steps = [(1, 0), (-1, 0), (0, 1), (0, -1)];

    public static TensorDataset Generate(TensorDataset digits, int count, int seed, int frames = 8, int canvas = 16)
    {
        var images = digits.Inputs;
        if (images.dim() != 4 || images.shape[1] != 1)
            throw new ArgumentException($"expected digit images of shape [N, 1, H, W], got [{string.Join(", ", images.shape)}].");
        int h = (int)images.shape[2], w = (int)images.shape[3];
        if (canvas < Math.Max(h, w) + frames - 1)
            throw new ArgumentException($"a canvas of {canvas} pixels is too small for {h}x{w} digits moving {frames - 1} pixels; use at least {Math.Max(h, w) + frames - 1}.");
        var random = new Random(seed);
        var pixels = images.to_type(torch.float32).cpu().contiguous().data<float>().ToArray();
        var labels = digits.Targets.to_type(torch.int64).cpu().data<long>().ToArray();
        var video = new float[(long)count * frames * canvas * canvas];
        var directions = new long[count];
        var digitLabels = new long[count];
        for (var n = 0; n < count; n++)
        {
            var pick = random.Next(labels.Length);
            var direction = random.Next(Steps.Length);
            var (dx, dy) = Steps[direction];
            // Start so that every frame keeps the digit inside the canvas.
            var x0 = random.Next(Math.Max(0, -dx * (frames - 1)), canvas - w - Math.Max(0, dx * (frames - 1)) + 1);
            var y0 = random.Next(Math.Max(0, -dy * (frames - 1)), canvas - h - Math.Max(0, dy * (frames - 1)) + 1);
            for (var t = 0; t < frames; t++)
            {
                var frameStart = ((long)n * frames + t) * canvas * canvas;
                int x = x0 + dx * t, y = y0 + dy * t;
                for (var r = 0; r < h; r++)
                    for (var c = 0; c < w; c++)
                        video[frameStart + (y + r) * canvas + x + c] = pixels[(long)pick * h * w + r * w + c];
            }
            directions[n] = direction;
            digitLabels[n] = labels[pick];
        }
        using var scope = torch.NewDisposeScope();
        return new TensorDataset(
            [torch.tensor(video).reshape(count, frames, 1, canvas, canvas), torch.tensor(directions), torch.tensor(digitLabels)],
            $"synthetic moving digits (seed {seed}, {count} sequences of {frames} frames {canvas}x{canvas}) built from: {digits.Source}");
    }
}
