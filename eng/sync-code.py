#!/usr/bin/env python3
"""Copy code that notebooks show from Core's source into those notebooks, so shown code is code that runs.

usage: python3 eng/sync-code.py [--check]

A notebook code cell whose first line is
    // Shown from src/Core/.../File.cs #region Name   (any text may follow)
holds, below that line, exactly the lines between `#region Name` and its `#endregion` in that file
(dedented). This script rewrites every such cell from its source; with --check it only lists the cells
that differ and exits 1. The test tests/Notebooks/ShownCodeTests.cs checks the same rule in CI.
"""
import glob, json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = re.compile(r"^// Shown from (\S+) #region (\S+)")

def region(path, name):
    lines = open(os.path.join(ROOT, path), encoding="utf-8").read().splitlines()
    start = next((i for i, l in enumerate(lines) if l.strip() == f"#region {name}"), None)
    if start is None: sys.exit(f"{path}: no '#region {name}'")
    depth, body = 0, []
    for line in lines[start + 1:]:
        s = line.strip()
        if s.startswith("#region"): depth += 1
        elif s.startswith("#endregion"):
            if depth == 0: break
            depth -= 1
        body.append(line)
    else:
        sys.exit(f"{path}: '#region {name}' has no #endregion")
    body = [l.rstrip() for l in body]
    while body and not body[0]: body.pop(0)
    while body and not body[-1]: body.pop()
    indent = min((len(l) - len(l.lstrip()) for l in body if l), default=0)
    return [l[indent:] for l in body]

def main(check):
    stale = []
    for nb_path in sorted(glob.glob(os.path.join(ROOT, "notebooks", "**", "*.ipynb"), recursive=True)):
        nb = json.load(open(nb_path, encoding="utf-8"))
        changed = False
        for index, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code" or not cell["source"]: continue
            first = cell["source"][0].rstrip("\n")
            m = HEADER.match(first)
            if not m: continue
            lines = [first] + region(m.group(1), m.group(2))
            source = [l + "\n" for l in lines]; source[-1] = source[-1].rstrip("\n")
            if cell["source"] != source:
                stale.append(f"{os.path.relpath(nb_path, ROOT)} cell {index}: {m.group(1)} #region {m.group(2)}")
                cell["source"] = source; changed = True
        if changed and not check:
            with open(nb_path, "w", encoding="utf-8") as f:
                json.dump(nb, f, ensure_ascii=False, indent=1); f.write("\n")
    for s in stale: print(("differs: " if check else "updated: ") + s)
    return 1 if check and stale else 0

if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv[1:]))
