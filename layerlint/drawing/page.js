// layerlint's review page: draws one package at a time from the data layerlint wrote into
// the page (review.py), laid out by layout.js (written into the same script before this),
// with no library and nothing fetched.
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("layerlint-data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const PALETTE = ["#dbe8f8", "#fde2c4", "#d5efdf", "#f8f3bf", "#e6dcf2", "#f6d3d3",
    "#d7eef1", "#eadbc8"];
  const names = D.names;
  const internalCount = D.internal;
  const internal = new Set(names.slice(0, internalCount));
  const hasChildren = new Set();
  for (const name of internal) {
    for (let k = name.indexOf("."); k > 0; k = name.indexOf(".", k + 1)) {
      hasChildren.add(name.slice(0, k));
    }
  }
  const roots = [...new Set(names.slice(0, internalCount).map((n) => n.split(".")[0]))].sort();
  const start = roots.length === 1 ? roots[0] : "";
  const state = { view: start, external: true, highlight: null };

  function inside(name, view) {
    return view === "" || name === view || name.startsWith(view + ".");
  }

  // The node a module is drawn in, in the view of package `view` (null: not drawn).
  function squasher(view) {
    const parts = view === "" ? [] : view.split(".");
    const memo = new Map();
    return function (index) {
      if (memo.has(index)) return memo.get(index);
      const name = names[index];
      let node = null;
      if (index >= internalCount) {
        node = state.external ? name : null;
      } else {
        const own = name.split(".");
        let shared = 0;
        while (shared < parts.length && shared < own.length && own[shared] === parts[shared]) {
          shared++;
        }
        if (shared === parts.length) {
          node = own.slice(0, Math.min(own.length, parts.length + 1)).join(".");
        } else {
          // outside the view: the sibling (of the view or a package above it) it lies in
          node = own.slice(0, Math.min(own.length, shared + 1)).join(".");
        }
      }
      memo.set(index, node);
      return node;
    };
  }

  function layerOf(name) {
    for (let i = 0; i < D.layers.length; i++) {
      for (const module of D.layers[i].modules) {
        if (name === module || name.startsWith(module + ".")) return i;
      }
    }
    return -1;
  }

  // The nodes and the counted edges of a view.
  function scene(view) {
    const squash = squasher(view);
    const nodes = new Map();
    const edges = new Map();
    const add = (name) => {
      if (nodes.has(name)) return;
      const kind = !internal.has(name) && !hasChildren.has(name) ? "external"
        : inside(name, view) ? "inside" : "context";
      nodes.set(name, { name, kind, layer: kind === "external" ? -1 : layerOf(name) });
    };
    for (let i = 0; i < internalCount; i++) {
      if (inside(names[i], view) && names[i] !== view) add(squash(i));
    }
    for (const [i, j, count, broken, breaker] of D.imports) {
      const s = squash(i);
      const t = squash(j);
      if (s === null || t === null || s === t) continue;
      if (!inside(s, view) && !inside(t, view)) continue;
      add(s);
      add(t);
      const key = s + "\n" + t;
      let edge = edges.get(key);
      if (!edge) {
        edge = { s, t, count: 0, broken: new Set(), breaker: false, pairs: [] };
        edges.set(key, edge);
      }
      edge.count += count;
      for (const b of broken) edge.broken.add(b);
      edge.breaker = edge.breaker || breaker === 1;
      edge.pairs.push(i * names.length + j);
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }

  function element(tag, attributes, parent) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
    if (parent) parent.appendChild(el);
    return el;
  }

  function label(node, view) {
    if (node.kind === "inside" && view !== "" && node.name !== view) {
      return node.name.slice(view.length + 1);
    }
    return node.name;
  }

  function render() {
    const view = state.view;
    const { nodes, edges } = scene(view);
    for (const n of nodes) n.label = label(n, view);
    const { width, height, byName } = layerlintLayout(nodes, edges);
    const svg = document.getElementById("drawing");
    svg.replaceChildren();
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const defs = element("defs", {}, svg);
    for (const [id, fill] of [["arrow", "#666"], ["arrow-red", "#d62728"]]) {
      const marker = element("marker", { id, viewBox: "0 0 10 10", refX: 10, refY: 5,
        markerUnits: "userSpaceOnUse",
        markerWidth: 9, markerHeight: 9, orient: "auto-start-reverse" }, defs);
      element("path", { d: "M0,0 L10,5 L0,10 z", fill }, marker);
    }
    const cyclic = layerlintCyclic(nodes, edges);
    const highlight = highlighted(view);
    svg.classList.toggle("dim", highlight !== null);
    for (const e of edges) {
      const a = byName.get(e.s);
      const b = byName.get(e.t);
      // Between neighbouring rows, a curve from one node to the other; further, an arc out
      // to the right (downwards) or the left (back up), clear of the nodes in between.
      // Within a row, an arc over it.
      const span = b.row - a.row;
      let d;
      if (span === 0) { // within a row (an import cycle's): an arc above the nodes between
        const x1 = a.x + a.w / 2;
        const x2 = b.x + b.w / 2;
        const lift = Math.min(50, a.y - 2, 14 + (4 * Math.abs(a.x - b.x)) / 100);
        d = `M${x1},${a.y} C${x1},${a.y - lift} ${x2},${b.y - lift} ${x2},${b.y}`;
      } else if (Math.abs(span) <= 1) {
        const x1 = a.x + a.w / 2;
        const x2 = b.x + b.w / 2;
        const y1 = span > 0 ? a.y + a.h : a.y;
        const y2 = span > 0 ? b.y : b.y + b.h;
        const mid = (y1 + y2) / 2;
        d = `M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2}`;
      } else {
        const side = span >= 0 ? 1 : -1;
        const x1 = side > 0 ? a.x + a.w : a.x;
        const x2 = side > 0 ? b.x + b.w : b.x;
        const y1 = a.y + a.h / 2;
        const y2 = b.y + b.h / 2;
        const reach = side * Math.min(320, 30 + 28 * Math.abs(span));
        d = `M${x1},${y1} C${x1 + reach},${y1} ${x2 + reach},${y2} ${x2},${y2}`;
      }
      const classes = ["edge"];
      if (e.broken.size) classes.push("broken");
      if (e.breaker) classes.push("breaker");
      if (highlight && e.pairs.some((p) => highlight.pairs.has(p))) classes.push("hl");
      const g = element("g", { class: classes.join(" "), "data-source": e.s,
        "data-target": e.t }, svg);
      const tip = [`${e.s} -> ${e.t}: ${e.count} import(s)`];
      if (e.broken.size) {
        tip.push("breaks " + [...e.broken].sort().map((i) => `'${D.contracts[i]}'`).join(", "));
      }
      if (e.breaker) tip.push("nominated to break a cycle");
      element("title", {}, g).textContent = tip.join("; ");
      element("path", { d,
        "stroke-width": Math.min(6, 1 + Math.log2(e.count)),
        "marker-end": `url(#${e.broken.size ? "arrow-red" : "arrow"})` }, g);
    }
    for (const n of nodes) {
      const classes = ["node", n.kind];
      if (hasChildren.has(n.name) && n.name !== view) classes.push("open");
      if (cyclic.has(n.name)) classes.push("cyclic");
      if (highlight && highlight.nodes.has(n.name)) classes.push("hl");
      const g = element("g", { class: classes.join(" "), "data-name": n.name,
        transform: `translate(${n.x},${n.y})` }, svg);
      const layer = n.layer >= 0 ? D.layers[n.layer] : null;
      element("title", {}, g).textContent = n.name +
        (layer ? ` (layer ${layer.label} of '${layer.contract}')` : "") +
        (classes.includes("open") ? ": click to open" : "");
      element("rect", { width: n.w, height: n.h, rx: n.kind === "external" ? 14 : 5,
        fill: layer ? PALETTE[n.layer % PALETTE.length] : "#fff" }, g);
      const text = element("text", { x: n.w / 2, y: 18, "text-anchor": "middle" }, g);
      text.textContent = n.label;
      if (classes.includes("open")) g.addEventListener("click", () => go(n.name));
    }
    crumbs(view);
    const first = svg.querySelector(".node.hl");
    if (first) first.scrollIntoView({ block: "center", inline: "center" });
    else if (nodes.length) showTopRow(nodes);
  }

  // A level wider than the pane opens on its top row, not on the empty corner beside it.
  function showTopRow(nodes) {
    const canvas = document.getElementById("canvas");
    const top = Math.min(...nodes.map((n) => n.y));
    const row = nodes.filter((n) => n.y === top);
    const left = Math.min(...row.map((n) => n.x));
    const right = Math.max(...row.map((n) => n.x + n.w));
    canvas.scrollTop = 0;
    canvas.scrollLeft = Math.max(0, (left + right) / 2 - canvas.clientWidth / 2);
  }

  // What a selected diagnostic, cycle or search result lights up in this view.
  function highlighted(view) {
    if (!state.highlight) return null;
    const squash = squasher(view);
    const nodes = new Set();
    for (const m of state.highlight.modules) {
      const node = squash(m);
      if (node !== null) nodes.add(node);
    }
    return { nodes, pairs: new Set(state.highlight.pairs.map(([i, j]) => i * names.length + j)) };
  }

  function crumbs(view) {
    const nav = document.getElementById("crumbs");
    nav.replaceChildren();
    const steps = [["", "all"]];
    if (view !== "") {
      const parts = view.split(".");
      for (let i = 1; i <= parts.length; i++) {
        steps.push([parts.slice(0, i).join("."), parts[i - 1]]);
      }
    }
    steps.forEach(([target, text], i) => {
      if (i) nav.appendChild(document.createElement("span")).className = "sep";
      if (i) nav.lastChild.textContent = "\u203a";
      const a = nav.appendChild(document.createElement(i === steps.length - 1 ? "b" : "a"));
      a.textContent = text;
      a.dataset.view = target;
      if (i !== steps.length - 1) a.addEventListener("click", () => go(target));
    });
  }

  function go(view) {
    state.view = view;
    render();
  }

  // The package whose view shows the modules apart: the deepest one holding them all.
  function viewFor(modules) {
    const inner = modules.filter((i) => i < internalCount).map((i) => names[i].split("."));
    if (!inner.length) return state.view;
    let shared = inner[0].slice(0, -1);
    for (const parts of inner) {
      let k = 0;
      while (k < shared.length && k < parts.length - 1 && parts[k] === shared[k]) k++;
      shared = shared.slice(0, k);
    }
    return shared.join(".");
  }

  function select(item, modules, pairs) {
    for (const li of document.querySelectorAll("aside li.selected")) li.classList.remove("selected");
    if (state.highlight && state.highlight.item === item) {
      state.highlight = null;
    } else {
      item.classList.add("selected");
      state.highlight = { item, modules, pairs };
      state.view = viewFor(modules);
    }
    render();
  }

  function lists() {
    document.getElementById("title").textContent = "layerlint: " + D.title;
    document.getElementById("summary").textContent = D.summary;
    const contracts = document.getElementById("contracts");
    for (const text of D.contract_lines) {
      contracts.appendChild(document.createElement("li")).textContent = text;
    }
    const diagnostics = document.getElementById("diagnostics");
    for (const d of D.diagnostics) {
      const li = diagnostics.appendChild(document.createElement("li"));
      li.textContent = d.text;
      li.dataset.code = d.code;
      const pairs = [];
      for (let k = 1; k < d.chain.length; k++) pairs.push([d.chain[k - 1], d.chain[k]]);
      li.addEventListener("click", () => select(li, d.chain, pairs));
    }
    const cycles = document.getElementById("cycles");
    for (const c of D.cycles) {
      const li = cycles.appendChild(document.createElement("li"));
      const shown = c.modules.slice(0, 6).map((i) => names[i]).join(", ");
      const more = c.modules.length > 6 ? ` and ${c.modules.length - 6} more` : "";
      li.textContent = `${c.modules.length} modules: ${shown}${more}; break: ` +
        c.breakers.map(([i, j]) => `${names[i]} -> ${names[j]}`).join(", ");
      li.addEventListener("click", () => select(li, c.modules, c.breakers));
    }
    if (!D.cycles.length) cycles.outerHTML = "<p>None.</p>";
    const legend = document.getElementById("legend");
    D.layers.forEach((layer, i) => {
      const span = legend.appendChild(document.createElement("span"));
      span.style.background = PALETTE[i % PALETTE.length];
      const text = `${layer.contract}: ${layer.label}`;
      span.textContent = text.length > 60 ? text.slice(0, 59) + "\u2026" : text;
      span.title = text;
    });
  }

  function searching() {
    const input = document.getElementById("search");
    const found = document.getElementById("found");
    input.addEventListener("input", () => {
      found.replaceChildren();
      const text = input.value.trim().toLowerCase();
      if (!text) return;
      const hits = [];
      for (let i = 0; i < internalCount && hits.length < 30; i++) {
        if (names[i].toLowerCase().includes(text)) hits.push(i);
      }
      for (const i of hits) {
        const li = found.appendChild(document.createElement("li"));
        li.textContent = names[i];
        li.addEventListener("click", () => {
          found.replaceChildren();
          state.highlight = { item: null, modules: [i], pairs: [] };
          const name = names[i];
          state.view = name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : "";
          render();
        });
      }
    });
    document.getElementById("external").addEventListener("change", (event) => {
      state.external = event.target.checked;
      render();
    });
  }

  lists();
  searching();
  render();
  document.body.dataset.ready = "1";
})();
