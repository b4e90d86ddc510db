#!/usr/bin/env python3
"""Counts, per source file outside src/kinds/, how many kinds' types it names.

A kind's types are the `pub` structs, enums, traits and type aliases
defined in its folder src/kinds/<kind>/ (names also defined outside the
kinds' folders, or in two kinds, are left out: they name no one kind).
Also prints the import circles between modules: the strongly connected
components of the graph of `crate::…`/`super::…` paths, taken per module
unit (a top-level module of src/, and each kind's folder on its own; a
kind's folder naming `crate::kinds` itself, the registry it registers in,
is its parent, not a circle).

Circles are counted twice: between files (each file a module, as in
issue 15's "an import circle between toml.rs and the kind readers") and
between the units above.

Usage: tools/kind_mentions.py [REPO [TYPES_REPO]]   (default: the current
folder; TYPES_REPO: take the kinds' type names from another tree's
src/kinds/, to measure a tree from before the kinds had folders)
"""
import os, re, sys
from collections import defaultdict

repo = sys.argv[1] if len(sys.argv) > 1 else "."
src = os.path.join(repo, "src")
files = []
for d, _, fs in os.walk(src):
    for f in fs:
        if f.endswith(".rs"):
            files.append(os.path.relpath(os.path.join(d, f), repo))
files.sort()
text = {f: open(os.path.join(repo, f), encoding="utf-8").read() for f in files}
types_repo = sys.argv[2] if len(sys.argv) > 2 else repo
type_files = []
for d, _, fs in os.walk(os.path.join(types_repo, "src")):
    type_files += [os.path.relpath(os.path.join(d, f), types_repo) for f in fs if f.endswith(".rs")]
type_text = {f: open(os.path.join(types_repo, f), encoding="utf-8").read() for f in type_files}
DEF = re.compile(r"^\s*pub(?:\([a-z]+\))?\s+(?:struct|enum|trait|type)\s+([A-Z][A-Za-z0-9]*)", re.M)

def kind_of(f):
    p = f.split(os.sep)
    return p[2] if len(p) > 3 and p[1] == "kinds" else None

owners = defaultdict(set)
for f, t in type_text.items():
    for name in DEF.findall(t):
        owners[name].add(kind_of(f))
types = {k: set() for k in sorted({kind_of(f) for f in type_files} - {None})}
for name, ks in owners.items():
    if len(ks) == 1 and None not in ks:
        types[next(iter(ks))].add(name)

def strip(t):
    t = re.sub(r"//[^\n]*", "", t)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', t)

OUR = {seg for f in files for seg in f[len("src/"):-3].split(os.sep)} | {"crate", "super", "self", "planrapport"}

# The enums that dispatch on the kind: their variants (`Document::Plan`) name it.
DISPATCH = {"Kind", "KindArg", "Document", "RawInput"}

def foreign(t):
    """The names a file imports from other crates (`use quick_xml::…::Event`)."""
    out = set()
    for m in re.finditer(r"^\s*(?:pub )?use ([a-z_][a-z0-9_]*)::([^;]*);", t, re.M):
        if m.group(1) not in OUR:
            out |= set(re.findall(r"\b[A-Z][A-Za-z0-9]*\b", m.group(2)))
    return out

def names(t, name):
    """Whether `t` names the type `name`: not another crate's item of the
    same name (`notify::Event`), not an associated type (`Item = …`)."""
    if name in foreign(t):
        return False
    for m in re.finditer(r"(?<![A-Za-z0-9_])((?:[a-z_][a-z0-9_]*::)*)%s\b" % name, t):
        path = m.group(1)
        if path and path.split("::")[0] not in OUR:
            continue
        if t[max(0, m.start() - 5):m.start()] == "type " or re.match(r"\s*=(?![=>])", t[m.end():]):
            continue
        line_start = t.rfind("\n", 0, m.start()) + 1
        if not t[line_start:m.start()].strip() and re.match(r"\s*[{(]", t[m.end():]) and not path:
            continue  # a variant of an enum of the same name being defined (`Change { … },`)
        owner = re.search(r"\b([A-Z][A-Za-z0-9]*)::$", t[max(0, m.start() - 60):m.start()])
        if owner and owner.group(1) not in DISPATCH:
            continue  # a variant or associated item of another type (`TargetForm::Change`)
        return True
    return False

print("files outside src/kinds/ and the kinds whose types they name:")
many = 0
for f in files:
    if kind_of(f) or f == os.path.join("src", "kinds", "mod.rs"):
        continue
    t = strip(text[f])
    named = [k for k, ns in types.items() if any(names(t, n) for n in ns)]
    if named:
        print(f"  {len(named)}  {f}: {', '.join(named)}")
    many += len(named) >= 3
print(f"files outside the kinds' folders naming three or more kinds' types: {many}")

# Import circles between module units.
def module_of(f):
    p = f[len("src/"):-3].split(os.sep)
    if p[-1] in ("mod", "lib", "main"):
        p = p[:-1]
    return p

def top_unit(path):
    if not path:
        return "crate"
    if path[0] == "kinds":
        return "kinds::" + path[1] if len(path) > 1 else "kinds"
    return path[0]

def file_unit(path):
    return "::".join(path) or "crate"

mods = {tuple(module_of(f)) for f in files}
GROUP = re.compile(r"\b((?:crate|super)(?:::[a-z_][a-z0-9_]*)*)::\{([^{}]*)\}")

def expand(t):
    """`crate::a::{b::C, d}` → `crate::a::b::C, crate::a::d` (one level)."""
    return GROUP.sub(lambda m: ", ".join(m.group(1) + "::" + x.strip() for x in m.group(2).split(",") if x.strip()), t)

def circles(unit, label):
    edges = defaultdict(set)
    PATH = re.compile(r"\b(crate|super)((?:::[a-z_][a-z0-9_]*)+)")
    for f in files:
        here = module_of(f)
        for root, rest in PATH.findall(expand(strip(text[f]))):
            segs = rest.strip(":").split("::")
            if root == "crate":
                base = []
            else:
                base = here[:-1]
                while segs and segs[0] == "super":
                    base = base[:-1]; segs = segs[1:]
            full = base + segs
            while full and tuple(full) not in mods:
                full = full[:-1]
            a, b = unit(here), unit(full)
            if a == b or b == "crate" or (here[:1] == ["kinds"] and len(here) > 1 and full == ["kinds"]):
                continue
            edges[a].add(b)

    index, low, stack, on, sccs, n = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)
    def visit(v):
        index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            c = []
            while True:
                w = stack.pop(); on.discard(w); c.append(w)
                if w == v: break
            if len(c) > 1: sccs.append(sorted(c))
    sys.setrecursionlimit(10000)
    for v in sorted({unit(m) for m in map(list, mods)}):
        if v not in index:
            visit(v)
    print(f"import circles between {label}: {len(sccs)}")
    for c in sccs:
        print("  " + " <-> ".join(c))
        for a in c:
            print(f"     {a} -> " + ", ".join(sorted(b for b in edges[a] if b in c)))


circles(file_unit, "files (modules)")
circles(top_unit, "top-level modules and kind folders")
