using System.Net;

namespace NeuralNotebooks.Runner;

/// <summary>The frame and the stylesheet every exported page shares (inline: a page must open on its own, offline).</summary>
static class PageStyle
{
    const string Css = """
        body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #222; }
        pre, code { font-family: ui-monospace, monospace; font-size: 0.9em; }
        .nn-cell { margin: 1em 0; border-left: 3px solid #ddd; padding-left: 0.8em; }
        .nn-prompt { color: #888; font-size: 0.8em; }
        .nn-code { background: #f6f8fa; padding: 0.6em; overflow-x: auto; border-radius: 4px; }
        .nn-output { margin: 0.4em 0; overflow-x: auto; }
        pre.nn-output { padding: 0.4em 0.6em; white-space: pre-wrap; }
        .nn-stderr { background: #fff5f5; }
        .nn-error { background: #fde8e8; border-left: 4px solid #d33; padding: 0.4em 0.6em; }
        .nn-error pre { margin: 0; white-space: pre-wrap; }
        .nn-png { max-width: none; }
        .nn-tex { background: #fff8e1; color: #6d4c00; padding: 0 0.2em; border-radius: 3px; }
        .nn-tex-display { display: block; text-align: center; margin: 0.6em 0; }
        math[display="block"] { margin: 0.6em 0; }
        table.nn-index { border-collapse: collapse; }
        table.nn-index td, table.nn-index th { border-bottom: 1px solid #ddd; padding: 0.3em 0.8em; text-align: left; }
        .nn-pass { color: #1a7f37; } .nn-fail { color: #cf222e; font-weight: bold; }
        .nn-note { background: #fff8e1; padding: 0.5em 0.8em; border-radius: 4px; }
        """;

    public static string Document(string title, string body) =>
        $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" /><title>{WebUtility.HtmlEncode(title)}</title>" +
        $"<style>{Css}</style></head>\n<body>\n{body}</body></html>\n";
}
