using System.Text;
using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Display;

/// <summary>The runtime description as a two-column table, with the reason for the device choice above it.</summary>
public static class RuntimeView
{
    public static string ToHtml(RuntimeDescription runtime, string? reason = null)
    {
        var html = new StringBuilder("<div class=\"nn-runtime\">");
        if (reason is not null) html.Append($"<p style=\"margin:2px 0\">{Html.Escape(reason)}</p>");
        html.Append($"<table style=\"{Html.TableStyle}\">");
        foreach (var (name, value) in runtime.Rows())
            html.Append($"<tr><th style=\"{Html.CellStyle}\">{Html.Escape(name)}</th><td data-field=\"{Html.Escape(name)}\" style=\"{Html.CellStyle}\">{Html.Escape(value)}</td></tr>");
        return html.Append("</table></div>").ToString();
    }
}
