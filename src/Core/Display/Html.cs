using System.Net;

namespace NeuralNotebooks.Display;

/// <summary>Small helpers for the XHTML our formatters write (well-formed, so tests can parse it as XML).</summary>
static class Html
{
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A red, bold warning span: NaN and Inf must catch the eye.</summary>
    public static string Alert(string text) => $"<span class=\"nn-alert\" style=\"color:#d00;font-weight:bold\">{Escape(text)}</span>";

    public const string TableStyle = "border-collapse:collapse;font-size:smaller;margin:2px 0";
    public const string CellStyle = "padding:1px 8px;text-align:left;border-bottom:1px solid #ddd";
}
