using System.Xml.Linq;

namespace NeuralNotebooks.Tests.Display;

/// <summary>Our formatters write well-formed XHTML: parse it and look things up by their data attributes.</summary>
static class XhtmlTestKit
{
    public static XElement Parse(string html) => XElement.Parse(html);

    public static XElement Single(XElement root, string attribute, string value) =>
        root.Descendants().Single(e => (string?)e.Attribute(attribute) == value);

    public static string Text(XElement root, string attribute, string value) => Single(root, attribute, value).Value;

    public static IEnumerable<XElement> WithClass(XElement root, string cssClass) =>
        root.DescendantsAndSelf().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cssClass) == true);

    /// <summary>Decodes the PNG of a data: URI img tag.</summary>
    public static SkiaSharp.SKBitmap DecodeImage(XElement img)
    {
        var src = (string)img.Attribute("src")!;
        Assert.StartsWith("data:image/png;base64,", src);
        return SkiaSharp.SKBitmap.Decode(Convert.FromBase64String(src["data:image/png;base64,".Length..]));
    }
}
