#!/usr/bin/env bash
# Usage: tools/baseline.sh BINARY REPO OUTDIR   (e.g. target/debug/planrapport . /tmp/before)
# Writes every bundled output (PDF, xlsx, decks, emitted Typst, templates, new projects,
# conversions, check messages) of REPO's data/ into OUTDIR, for a byte-for-byte comparison
# (`diff -r OLD NEW`) before and after a no-behaviour-change refactor.
set -uo pipefail
bin=$(realpath "$1"); repo=$(realpath "$2"); out=$3
rm -rf "$out"; mkdir -p "$out"/{build,xlsxbuild,templates,new,convert,check}
out=$(realpath "$out")
cd "$repo"
for f in data/*.toml; do
  n=$(basename "$f" .toml)
  "$bin" bygg "$f" --bildspel -o "$out/build" --emit-typst "$out/build/$n.typ" >"$out/build/$n.log" 2>&1; echo "rc=$?" >>"$out/build/$n.log"
done
for f in data/*.xlsx; do
  n=$(basename "$f" .xlsx)
  "$bin" bygg "$f" --bildspel -o "$out/xlsxbuild" --emit-typst "$out/xlsxbuild/$n.typ" >"$out/xlsxbuild/$n.log" 2>&1; echo "rc=$?" >>"$out/xlsxbuild/$n.log"
done
"$bin" bygg data/trelleborg-dr2-2023.toml --previous data/trelleborg-dr1-2023.toml -o "$out/build/prev" >"$out/build/prev.log" 2>&1; echo "rc=$?" >>"$out/build/prev.log"
for k in plan uppfoljning delarsrapport presentation; do
  "$bin" mall "$k" "$out/templates/$k.xlsx" >"$out/templates/$k.log" 2>&1; echo "rc=$?" >>"$out/templates/$k.log"
  (cd "$out/new" && "$bin" ny "$k" "$k" >"$k.log" 2>&1; echo "rc=$?" >>"$k.log")
done
for f in data/*.toml; do
  n=$(basename "$f" .toml)
  "$bin" konvertera "$f" "$out/convert/$n.xlsx" >"$out/convert/$n.t2x.log" 2>&1; echo "rc=$?" >>"$out/convert/$n.t2x.log"
done
for f in data/*.xlsx; do
  n=$(basename "$f" .xlsx)
  "$bin" konvertera "$f" "$out/convert/$n.toml" >"$out/convert/$n.x2t.log" 2>&1; echo "rc=$?" >>"$out/convert/$n.x2t.log"
done
for f in data/*.toml data/*.xlsx tests/fixtures/*.toml tests/fixtures/*.xlsx; do
  [ -e "$f" ] || continue
  n=$(echo "$f" | tr '/' '_')
  "$bin" kontrollera "$f" >"$out/check/$n.log" 2>&1; echo "rc=$?" >>"$out/check/$n.log"
done
# Paths inside messages differ between checkouts; normalise them.
grep -rl "$repo" "$out" --include='*.log' 2>/dev/null | xargs -r sed -i "s#$repo#REPO#g"
grep -rl "$out" "$out" --include='*.log' 2>/dev/null | xargs -r sed -i "s#$out#OUT#g"
echo "baseline written to $out: $(find "$out" -type f | wc -l) files"
