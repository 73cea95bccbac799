#!/usr/bin/env python3
"""Sets the first code cell of notebooks to the backend line plus the package line (issue 19).

    python3 eng/set-backend-line.py                  # every notebook under notebooks/
    python3 eng/set-backend-line.py a.ipynb b.ipynb  # just these

Only the first code cell's "source" value changes; every other byte of the file stays as it was (the
file is edited as text at the exact span of that value, never re-serialised). Idempotent: a notebook
that already has the text is not rewritten. Prints one line per notebook it changed.
"""
import json
import pathlib
import sys

FIRST_CELL = [
    "// The backend: TorchSharp-cpu here. With an NVIDIA GPU change this one line to TorchSharp-cuda-linux"
    " (or TorchSharp-cuda-windows); never reference two.",
    '#r "nuget: TorchSharp-cpu, 0.107.0"',
    '#r "nuget: NeuralNotebooks, 0.1.0"',
]
TEXT = "\n".join(FIRST_CELL)
DECODER = json.JSONDecoder()


def skip_space(text, i):
    while text[i] in " \t\r\n":
        i += 1
    return i


def members(text, i):
    """Yields (key, value start, value end) for the JSON object starting at text[i] == '{'."""
    assert text[i] == "{", f"expected an object at {i}"
    i = skip_space(text, i + 1)
    while text[i] != "}":
        key, i = DECODER.raw_decode(text, i)
        i = skip_space(text, i)
        assert text[i] == ":"
        start = skip_space(text, i + 1)
        _, end = DECODER.raw_decode(text, start)
        yield key, start, end
        i = skip_space(text, end)
        if text[i] == ",":
            i = skip_space(text, i + 1)


def elements(text, i):
    """Yields (start, end) of each value of the JSON array starting at text[i] == '['."""
    assert text[i] == "["
    i = skip_space(text, i + 1)
    while text[i] != "]":
        _, end = DECODER.raw_decode(text, i)
        yield i, end
        i = skip_space(text, end)
        if text[i] == ",":
            i = skip_space(text, i + 1)


def source_span(text):
    """The (start, end) of the first code cell's "source" value."""
    for key, start, _ in members(text, skip_space(text, 0)):
        if key != "cells":
            continue
        for cell_start, _ in elements(text, start):
            fields = {k: (s, e) for k, s, e in members(text, cell_start)}
            kind = json.loads(text[slice(*fields["cell_type"])])
            if kind == "code":
                return fields["source"]
    return None


def formatted(text, start):
    """The new source in the style nbformat writes: one string per line, indented one step inside the key's line."""
    line_start = text.rfind("\n", 0, start) + 1
    line = text[line_start:start]
    indent = line[:len(line) - len(line.lstrip(" "))]
    inner = indent + " "
    lines = [line + "\n" for line in FIRST_CELL[:-1]] + [FIRST_CELL[-1]]
    return "[\n" + ",\n".join(inner + json.dumps(line) for line in lines) + "\n" + indent + "]"


def apply(path):
    text = path.read_text(encoding="utf-8")
    span = source_span(text)
    if span is None:
        raise SystemExit(f"{path}: no code cell")
    current = json.loads(text[slice(*span)])
    if (current if isinstance(current, str) else "".join(current)) == TEXT:
        return False
    path.write_bytes((text[:span[0]] + formatted(text, span[0]) + text[span[1]:]).encode("utf-8"))
    return True


def main(args):
    root = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
    paths = [pathlib.Path(a) for a in args] or sorted(root.rglob("*.ipynb"))
    for path in paths:
        if apply(path):
            print(f"set the backend line in {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
