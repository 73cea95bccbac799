#!/usr/bin/env bash
# One-time (and idempotent) set-up for a fresh Debian 12 / Ubuntu machine with the .NET 10 SDK:
#   1. real data sets from Debian packages (Fashion-MNIST, Tang/Song poems) and three files of
#      scikit-learn's .deb (8x8 digits, two photos), extracted without installing scikit-learn;
#   2. the pinned kernel tool (dotnet-interactive) from .config/dotnet-tools.json;
#   3. Chromium (Debian's), for the test that opens the exported course in a real browser, and the npm
#      package temml in our cache folder, which turns the exported pages' math into MathML (needs node);
#   4. with --bench: Debian's PyTorch and an optimised BLAS, for the side-by-side benchmark.
# Without root or sudo it skips step 1 and says so; notebooks then use synthetic stand-ins, announced.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${NEURALNOTEBOOKS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/neuralnotebooks}"
sklearn_dir="$cache/data/sklearn"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

packages=(dataset-fashion-mnist fortunes-zh chromium)
# Without an optimised BLAS, Debian's PyTorch is ~30x slower at matrix products: the comparison would mean nothing.
[ "${1:-}" = "--bench" ] && packages+=(python3-torch libopenblas0-pthread)
need=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
have_sklearn_files() { [ -f "$sklearn_dir/data/digits.csv.gz" ] && [ -f "$sklearn_dir/images/china.jpg" ] && [ -f "$sklearn_dir/images/flower.jpg" ]; }

if [ ${#need[@]} -gt 0 ] || ! have_sklearn_files; then
  if command -v apt-get >/dev/null && as_root true; then
    as_root apt-get update -qq
    if [ ${#need[@]} -gt 0 ]; then
      echo "setup: installing ${need[*]}"
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    fi
    if ! have_sklearn_files; then
      echo "setup: extracting digits.csv.gz, china.jpg, flower.jpg from python3-sklearn's .deb into $sklearn_dir"
      tmp=$(mktemp -d); chmod 777 "$tmp"
      (cd "$tmp" && apt-get download -qq python3-sklearn 2>/dev/null && dpkg-deb -x python3-sklearn_*.deb root)
      src="$tmp/root/usr/lib/python3/dist-packages/sklearn/datasets"
      mkdir -p "$sklearn_dir/data" "$sklearn_dir/images"
      cp "$src/data/digits.csv.gz" "$sklearn_dir/data/"
      cp "$src/images/china.jpg" "$src/images/flower.jpg" "$sklearn_dir/images/"
      rm -rf "$tmp"
    fi
  else
    echo "setup: no root or sudo, so these were not installed: ${need[*]:-sklearn files}. Notebooks will use synthetic stand-ins and say so; the browser test is skipped without chromium."
  fi
fi

dotnet tool restore >/dev/null

temml_version=0.13.5
if [ -f "$cache/npm/node_modules/temml/package.json" ] && grep -q "\"version\": \"$temml_version\"" "$cache/npm/node_modules/temml/package.json"; then
  :
elif command -v npm >/dev/null; then
  echo "setup: installing temml $temml_version into $cache/npm (math in the exported web pages)"
  npm install --prefix "$cache/npm" --no-audit --no-fund --silent "temml@$temml_version" >/dev/null
else
  echo "setup: npm not found, so the exported web pages show math as TeX source (install Node.js 20 with npm, then run this again)"
fi
echo "setup: done"
