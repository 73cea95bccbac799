using System.Reflection;
using System.Runtime.Loader;

namespace NeuralNotebooks.Extension;

/// <summary>
/// plotly.js for offline charts. Plotly.NET.Interactive fetches plotly.js from a CDN, which leaves charts
/// blank without internet. We read the copy Plotly.NET 6.0.0 carries (plotly.js 2.28.0) and send it to
/// the notebook once per kernel session, inside the first chart's output: VS Code renders all outputs of
/// a notebook in one webview, so later charts find <c>window.Plotly</c> and send only their data. Charts
/// always carry an SVG drawing too, shown wherever scripts do not run (GitHub, static viewers) or when
/// the output holding the library has been cleared.
/// </summary>
public static class PlotlyLibrary
{
    const string ScriptResource = "Plotly.NET.plotly-2.28.0.min.js";
    static int sent;

    /// <summary>The library's &lt;script&gt; the first time it is asked for in this process, then "".</summary>
    public static string OncePerSession() => Interlocked.Exchange(ref sent, 1) == 0 ? ScriptTag() : "";

    /// <summary>Sent again on the next chart (tests; or after a user cleared the output that carried it).</summary>
    public static void Reset() => Interlocked.Exchange(ref sent, 0);

    public static string ScriptTag() =>
        // Hide AMD/CommonJS from the UMD header so the library lands on window.Plotly even where require.js is loaded.
        "<script type=\"text/javascript\">if (!window.Plotly) { (function (define, module, exports) {\n" + Source.Value + "\n})(undefined, undefined, undefined); }</script>";

    static readonly Lazy<string> Source = new(() =>
    {
        using var dll = typeof(PlotlyLibrary).Assembly.GetManifestResourceStream("NeuralNotebooks.Plotly.NET.dll")
            ?? throw new InvalidOperationException("The embedded Plotly.NET.dll is missing from the NeuralNotebooks package.");
        var context = new AssemblyLoadContext("plotly.js", isCollectible: true);
        try
        {
            using var script = context.LoadFromStream(dll).GetManifestResourceStream(ScriptResource)
                ?? throw new InvalidOperationException($"Plotly.NET has no resource {ScriptResource}.");
            return new StreamReader(script).ReadToEnd();
        }
        finally { context.Unload(); }
    });
}
