namespace NeuralNotebooks.Display;

/// <summary>
/// A picture of some data: an HTML fragment (an inline PNG or SVG) plus a one-line text description
/// for places that show no HTML. Notebooks render it as the HTML; <see cref="Png"/> is set for images.
/// </summary>
public sealed record Picture(string Html, string Text, int Width, int Height, byte[]? Png = null)
{
    /// <summary>Writes the PNG (images and heatmaps only).</summary>
    public void SavePng(string path) =>
        File.WriteAllBytes(path, Png ?? throw new InvalidOperationException($"This picture ({Text}) is SVG, not a PNG image."));

    public override string ToString() => Text;
}
