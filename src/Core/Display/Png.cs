using System.Runtime.InteropServices;
using SkiaSharp;

namespace NeuralNotebooks.Display;

/// <summary>Encodes RGB pixels as PNG and wraps PNGs in &lt;img&gt; tags.</summary>
public static class Png
{
    /// <summary>PNG bytes of a width x height image from row-major RGB triples.</summary>
    public static byte[] Encode(byte[] rgb, int width, int height)
    {
        var rgba = new byte[width * height * 4];
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgba[j] = rgb[i]; rgba[j + 1] = rgb[i + 1]; rgba[j + 2] = rgb[i + 2]; rgba[j + 3] = 255;
        }
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>An &lt;img&gt; of the PNG, scaled up without blurring so small images stay readable.</summary>
    public static string ImgTag(byte[] png, int width, int height, string cssClass, int minDisplay = 96)
    {
        int scale = Math.Max(1, minDisplay / Math.Max(1, Math.Max(width, height)));
        return $"<img class=\"{cssClass}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" " +
               $"width=\"{width * scale}\" height=\"{height * scale}\" style=\"image-rendering:pixelated\" alt=\"{width}x{height} image\" />";
    }
}
