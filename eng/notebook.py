#!/usr/bin/env python3
"""Author a Polyglot/Jupyter notebook from plain text, so notebooks can be written and reviewed as text.

usage: python3 eng/notebook.py SOURCE.txt OUT.ipynb

SOURCE holds cells separated by marker lines: `#%% md` starts a Markdown cell, `#%% cs` a C# cell.
The result is a standard nbformat 4.5 .ipynb with the .NET C# kernelspec, stored without outputs, which
opens in VS Code Polyglot Notebooks and in Jupyter alike.
"""
import hashlib, json, sys

def cells_from(text):
    cells, kind, lines = [], None, []
    def flush():
        if kind is not None:
            body = "\n".join(lines).strip("\n")
            cells.append((kind, body))
    for line in text.splitlines():
        if line.startswith("#%% "):
            flush(); kind, lines = line[4:].strip(), []
            if kind not in ("md", "cs"): sys.exit(f"unknown cell kind '{kind}': use md or cs")
        else:
            lines.append(line)
    flush()
    return cells

def notebook(cells, name):
    out = []
    for i, (kind, body) in enumerate(cells):
        source = [l + "\n" for l in body.split("\n")]
        if source: source[-1] = source[-1].rstrip("\n")
        cell_id = hashlib.sha1(f"{name}:{i}".encode()).hexdigest()[:8]
        if kind == "md":
            out.append({"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": source})
        else:
            out.append({"cell_type": "code", "execution_count": None, "id": cell_id,
                        "metadata": {"dotnet_interactive": {"language": "csharp"},
                                     "polyglot_notebook": {"kernelName": "csharp"}},
                        "outputs": [], "source": source})
    return {"cells": out, "metadata": {
        "kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
        "language_info": {"file_extension": ".cs", "mimetype": "text/x-csharp", "name": "C#",
                          "pygments_lexer": "csharp", "version": "13.0"},
        "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp",
                                             "items": [{"aliases": [], "name": "csharp"}]}}},
        "nbformat": 4, "nbformat_minor": 5}

if __name__ == "__main__":
    if len(sys.argv) != 3: sys.exit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    nb = notebook(cells_from(open(src, encoding="utf-8").read()), dst)
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(nb, f, ensure_ascii=False, indent=1); f.write("\n")
