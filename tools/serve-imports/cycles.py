"""The import graph of `workflow serve`'s modules and its cycles.

Usage: python3 tools/serve-imports/cycles.py workflow-cli/src/serve [-v]

A module imports another where its text (tests aside: an inline `#[cfg(test)] mod tests`,
`tests.rs`, the `generate.rs` generator) names `super::OTHER` or `crate::serve::OTHER`. Each
strongly connected component of more than one module (a cycle) is printed with its size, and
with `-v` each member's edges inside it; nothing printed means the modules are layered.
"""
import re, sys, pathlib
root = pathlib.Path(sys.argv[1])
mods = {p.stem if p.name != 'mod.rs' else p.parent.name: p for p in root.glob('*.rs') if p.name != 'mod.rs'}
for d in root.iterdir():
    if d.is_dir() and (d / 'mod.rs').exists():
        mods[d.name] = d
edges = {m: set() for m in mods}
for m, p in mods.items():
    files = [p] if p.is_file() else list(p.rglob('*.rs'))
    if p.is_file():
        sub = root / m
        if sub.is_dir(): files += list(sub.rglob('*.rs'))
    for f in [f for f in files if f.name not in ('tests.rs','generate.rs')]:
        text = f.read_text()
        # strip #[cfg(test)] mod tests { ... } at the end
        cut = text.find('#[cfg(test)]\nmod tests')
        if cut >= 0: text = text[:cut]
        for t in re.findall(r'(?:super|crate::serve)::(\w+)', text):
            if t in mods and t != m: edges[m].add(t)
# Tarjan
idx = {}; low = {}; st = []; on = set(); out = []; n = [0]
def sc(v):
    idx[v] = low[v] = n[0]; n[0] += 1; st.append(v); on.add(v)
    for w in edges[v]:
        if w not in idx: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], idx[w])
    if low[v] == idx[v]:
        c = []
        while True:
            w = st.pop(); on.discard(w); c.append(w)
            if w == v: break
        out.append(c)
sys.setrecursionlimit(10000)
for v in sorted(edges):
    if v not in idx: sc(v)
for c in out:
    if len(c) > 1:
        print(len(c), 'in a cycle:', ' '.join(sorted(c)))
        if '-v' in sys.argv:
            for v in sorted(c): print('  ', v, '->', ' '.join(sorted(w for w in edges[v] if w in c)))
