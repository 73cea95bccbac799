namespace NeuralNotebooks.Display;

/// <summary>Viridis, from five of its stops: perceptually even and readable by colour-blind people.</summary>
public static class Colormap
{
    static readonly (double At, byte R, byte G, byte B)[] stops =
    [
        (0.00, 68, 1, 84), (0.25, 59, 82, 139), (0.50, 33, 145, 140), (0.75, 94, 201, 98), (1.00, 253, 231, 37),
    ];

    /// <summary>The colour of a value in [0, 1] (clamped).</summary>
    public static (byte R, byte G, byte B) Viridis(double x)
    {
        x = double.IsNaN(x) ? 0 : Math.Clamp(x, 0, 1);
        int i = 0;
        while (i < stops.Length - 2 && x > stops[i + 1].At) i++;
        var (a, b) = (stops[i], stops[i + 1]);
        double t = (x - a.At) / (b.At - a.At);
        return (Lerp(a.R, b.R, t), Lerp(a.G, b.G, t), Lerp(a.B, b.B, t));
    }

    /// <summary>The same colours as a CSS gradient, for a colour-scale legend.</summary>
    public static string CssGradient =>
        "linear-gradient(to right, " + string.Join(", ", stops.Select(s => $"rgb({s.R},{s.G},{s.B}) {s.At * 100:0}%")) + ")";

    static byte Lerp(byte a, byte b, double t) => (byte)Math.Round(a + (b - a) * t);
}
