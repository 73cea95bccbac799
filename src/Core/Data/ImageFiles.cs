using SkiaSharp;
using TorchSharp;

namespace NeuralNotebooks.Data;

/// <summary>PNG and JPEG files (decoded by SkiaSharp) as float tensors [C, H, W] with values in [0, 1].</summary>
public static class ImageFiles
{
    /// <summary>Reads an image as RGB [3, H, W], or as grayscale [1, H, W] (ITU-R BT.601 luma) when <paramref name="grayscale"/>.</summary>
    public static torch.Tensor Read(string path, bool grayscale = false)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No image at {path}.", path);
        using var decoded = SKBitmap.Decode(path)
            ?? throw new DataFileException($"{path} is not an image SkiaSharp can decode (PNG, JPEG, ...).");
        using var rgba = decoded.Copy(SKColorType.Rgba8888)
            ?? throw new DataFileException($"{path}: could not convert the image to RGBA.");
        int h = rgba.Height, w = rgba.Width;
        var pixels = rgba.Bytes; // RGBA, row-major
        var chw = new float[3 * h * w];
        for (var i = 0; i < h * w; i++)
            for (var c = 0; c < 3; c++) chw[c * h * w + i] = pixels[4 * i + c] / 255f;
        var rgb = torch.tensor(chw).reshape(3, h, w);
        if (!grayscale) return rgb;
        using var weights = torch.tensor(new[] { 0.299f, 0.587f, 0.114f }).reshape(3, 1, 1);
        using (rgb) return (rgb * weights).sum(0, keepdim: true);
    }

    /// <summary>Writes a [C, H, W] tensor in [0, 1] (C = 1 or 3) as a PNG file.</summary>
    public static void WritePng(torch.Tensor image, string path)
    {
        if (image.dim() != 3 || (image.shape[0] != 1 && image.shape[0] != 3))
            throw new ArgumentException($"expected an image of shape [1 or 3, H, W], got [{string.Join(", ", image.shape)}].");
        int c = (int)image.shape[0], h = (int)image.shape[1], w = (int)image.shape[2];
        var values = image.detach().cpu().to_type(torch.float32).clamp(0, 1).contiguous().data<float>().ToArray();
        using var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var bytes = new byte[4 * h * w];
        for (var i = 0; i < h * w; i++)
        {
            for (var k = 0; k < 3; k++) bytes[4 * i + k] = (byte)Math.Round(255 * values[(c == 1 ? 0 : k) * h * w + i]);
            bytes[4 * i + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
