// layerlint's review page, the layout of one level (page.js draws it): layered, importers
// above what they import, every order by name, so that a view always looks the same.
"use strict";
const LAYERLINT_ROW = 12; // nodes in a row before a rank wraps

// Ranks: importers above what they import, the modules of one import cycle on one rank
// (wrapped into rows like any other: a tangled package is a block of rows, not a column of
// two or three nodes a row), third-party packages last.
function layerlintLayout(nodes, edges) {
  nodes.sort((a, b) => layerlintKindOrder(a) - layerlintKindOrder(b) || (a.name < b.name ? -1 : 1));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const component = layerlintComponents(nodes, edges);
  const above = new Map(nodes.map((n) => [component.get(n.name), new Set()]));
  for (const e of edges) {
    const s = component.get(e.s);
    const t = component.get(e.t);
    if (s !== t) above.get(t).add(s);
  }
  const rankOf = new Map();
  const visit = (c) => {
    if (rankOf.has(c)) return rankOf.get(c);
    rankOf.set(c, 0);
    let r = 0;
    for (const parent of above.get(c)) r = Math.max(r, visit(parent) + 1);
    rankOf.set(c, r);
    return r;
  };
  const rank = new Map();
  let deepest = 0;
  for (const n of nodes) {
    if (n.kind === "external") continue;
    rank.set(n.name, visit(component.get(n.name)));
    deepest = Math.max(deepest, rank.get(n.name));
  }
  for (const n of nodes) if (n.kind === "external") rank.set(n.name, deepest + 1);
  // rows: a rank of many nodes wraps onto several
  const ranks = [];
  for (const n of nodes) {
    const r = rank.get(n.name);
    (ranks[r] = ranks[r] || []).push(n);
  }
  const rows = [];
  for (const members of ranks) {
    if (!members) continue;
    for (let i = 0; i < members.length; i += LAYERLINT_ROW) {
      rows.push(members.slice(i, i + LAYERLINT_ROW));
    }
  }
  const neighbours = new Map(nodes.map((n) => [n.name, []]));
  for (const e of edges) {
    neighbours.get(e.s).push(e.t);
    neighbours.get(e.t).push(e.s);
  }
  const position = new Map();
  rows.forEach((row) => row.forEach((n, i) => position.set(n.name, i)));
  for (let sweep = 0; sweep < 4; sweep++) {
    for (const row of sweep % 2 ? [...rows].reverse() : rows) {
      const score = new Map(row.map((n) => {
        const near = neighbours.get(n.name).filter((m) => byName.has(m));
        const sum = near.reduce((total, m) => total + position.get(m), 0);
        return [n.name, near.length ? sum / near.length : position.get(n.name)];
      }));
      row.sort((a, b) => score.get(a.name) - score.get(b.name) || (a.name < b.name ? -1 : 1));
      row.forEach((n, i) => position.set(n.name, i));
    }
  }
  let width = 0;
  rows.forEach((row, r) => {
    let x = 340;
    for (const n of row) {
      n.w = Math.max(40, 7.2 * n.label.length + 18);
      n.h = 28;
      n.x = x;
      n.y = 30 + r * 86;
      n.row = r;
      x += n.w + 24;
    }
    width = Math.max(width, x);
  });
  for (const row of rows) {
    const used = row.length ? row[row.length - 1].x + row[row.length - 1].w + 24 : 0;
    for (const n of row) n.x += (width - used) / 2;
  }
  return { width: width + 320, height: 30 + rows.length * 86, byName };
}

function layerlintKindOrder(node) {
  return { inside: 0, context: 1, external: 2 }[node.kind];
}

// Each node's strongly connected component of the drawn edges (Tarjan, in name order): an
// index, the same for the nodes of one import cycle.
function layerlintComponents(nodes, edges) {
  const out = new Map(nodes.map((n) => [n.name, []]));
  for (const e of edges) out.get(e.s).push(e.t);
  const index = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const component = new Map();
  let counter = 0;
  let components = 0;
  const strong = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    on.add(v);
    for (const w of out.get(v)) {
      if (!index.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      let w;
      do { w = stack.pop(); on.delete(w); component.set(w, components); } while (w !== v);
      components++;
    }
  };
  for (const n of nodes) if (!index.has(n.name)) strong(n.name);
  return component;
}

// The nodes of the view on a cycle of its drawn edges.
function layerlintCyclic(nodes, edges) {
  const component = layerlintComponents(nodes, edges);
  const size = new Map();
  for (const c of component.values()) size.set(c, (size.get(c) || 0) + 1);
  return new Set(nodes.filter((n) => size.get(component.get(n.name)) > 1).map((n) => n.name));
}
