// The Nabla playground's page. Every number comes from the engine: nabla-core compiled to
// WebAssembly (see Engine.java). The page draws, and recomputes nothing but the expanded sums it
// prints beside the engine's values in a derivation.
"use strict";

const FIELDS = ["data", "points", "noise", "test", "layers", "output", "loss", "optimizer", "lr",
  "batch", "init", "seed", "dtype"];
const COLORS = ["#2b6cb0", "#dd6b20", "#2f855a", "#9b2c2c", "#6b46c1", "#b7791f", "#2c7a7b",
  "#97266d", "#4a5568", "#276749"];

let engine = null;
let info = null; // the engine's description of the session
let curves = { train: [], test: [] }; // the loss per epoch
let lastStatus = null;
let playing = false;
let chunk = 1; // batches per engine call while playing, adapted to the frame
let speed = { epochs: 0, since: 0 };
let pass = null; // { trace, forward, backward }
let weights = null;

const $ = (id) => document.getElementById(id);

/** Six significant digits, trailing zeros dropped, a true minus sign. */
function fmt(value) {
  if (value === null || value === undefined) return "–";
  if (typeof value !== "number") return String(value);
  if (!isFinite(value)) return String(value);
  if (value === 0) return "0";
  return Number(value.toPrecision(6)).toString().replace("-", "−");
}

function vec(values) {
  return "[" + values.map(fmt).join(", ") + "]";
}

function esc(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
}

function showMessage(text) {
  const box = $("message");
  box.textContent = text;
  box.hidden = false;
}

function clearMessage() {
  $("message").hidden = true;
  $("message").textContent = "";
}

/** Parses an engine answer; a fault goes to the message line and gives null. */
function answer(text) {
  const value = JSON.parse(text);
  if (value && value.error) {
    showMessage(value.error);
    return null;
  }
  return value;
}

// ---- the setup: form, URL, engine -------------------------------------------------------------

function formState() {
  const state = {};
  for (const field of FIELDS) state[field] = $(field).value.trim();
  return state;
}

function setupText(state) {
  return FIELDS.map((field) => field + "=" + state[field]).join("\n");
}

function applyToForm(lines) {
  for (const line of lines.split("\n")) {
    const at = line.indexOf("=");
    if (at < 1) continue;
    const name = line.slice(0, at);
    const value = line.slice(at + 1);
    const input = $(name);
    if (!input) continue;
    if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === value)) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      input.appendChild(option);
    }
    input.value = value;
  }
}

function stateFromUrl() {
  const params = new URLSearchParams(location.hash.slice(1));
  const lines = [];
  for (const field of FIELDS) {
    if (params.has(field)) lines.push(field + "=" + params.get(field));
  }
  return lines;
}

function writeUrl(state) {
  const params = new URLSearchParams();
  for (const field of FIELDS) params.set(field, state[field]);
  window.history.replaceState(null, "", "#" + params.toString());
}

/** Builds a new session from the form; the URL then holds the setup. */
function configure() {
  pause();
  const state = formState();
  const described = answer(engine.configure(setupText(state)));
  writeUrl(state);
  if (!described) {
    info = null;
    $("engine-state").dataset.session = "invalid";
    return false;
  }
  clearMessage();
  $("engine-state").dataset.session = "ready";
  info = described;
  historyReset();
  $("trace-row").max = info.train.x.length - 1;
  $("trace-row").value = info.traceRow;
  $("summary").textContent = info.parameters + " parameters · loss " + info.loss + " · " +
    info.train.x.length + " training rows, " + info.test.x.length + " test rows";
  pass = null;
  renderPass();
  $("detail").textContent = "Click a neuron, an edge or the loss in the drawing.";
  refresh(answer(engine.status(0)));
  return true;
}

function historyReset() {
  curves = { train: [], test: [] };
  speed = { epochs: 0, since: performance.now(), start: 0 };
  chunk = 1;
}

// ---- training ---------------------------------------------------------------------------------

function record(status) {
  if (!status) return;
  for (const value of status.trainLoss) curves.train.push(value);
  for (const value of status.testLoss) curves.test.push(value);
}

/** Plays until paused, or with {@code untilEpoch} until that epoch ends. */
function play(untilEpoch) {
  if (!info) return;
  playing = true;
  target = untilEpoch ?? null;
  $("play").textContent = "❚❚ Pause";
  speed = { epochs: 0, since: performance.now(), start: curves.train.length };
  requestAnimationFrame(frame);
}

function pause() {
  playing = false;
  target = null;
  $("play").textContent = "▶ Play";
}

let target = null; // the epoch "One epoch" trains to

/**
 * Trains in slices of batches for about 25 ms, then draws: no call into the engine runs long,
 * whatever the size of an epoch, so the page never freezes.
 */
function frame() {
  if (!playing || !info) return;
  const start = performance.now();
  let status = null;
  while (performance.now() - start < 25) {
    const before = performance.now();
    status = answer(engine.steps(chunk, target !== null, curves.train.length));
    if (!status) {
      pause();
      return;
    }
    record(status);
    const took = performance.now() - before;
    if (took < 4 && chunk < 8192) chunk *= 2;
    else if (took > 15 && chunk > 1) chunk = Math.max(1, chunk >> 1);
    if (target !== null && status.epoch >= target) break;
  }
  const seconds = (performance.now() - speed.since) / 1000;
  const epochs = curves.train.length - speed.start;
  if (seconds > 0.2 && epochs > 0) $("s-speed").textContent = fmt(Math.round(epochs / seconds)) + " epochs/s";
  refresh(status);
  if (target !== null && status.epoch >= target) {
    pause();
    return;
  }
  requestAnimationFrame(frame);
}

function oneStep() {
  if (!info) return;
  pause();
  const status = answer(engine.step());
  if (status) {
    record(status);
    refresh(status);
  }
}

/** Trains to the end of the next epoch, in slices like play. */
function oneEpoch() {
  if (!info) return;
  pause();
  play(curves.train.length + 1);
}

// ---- drawing ------------------------------------------------------------------------------------

function refresh(status) {
  if (!status) return;
  lastStatus = status;
  $("s-epoch").textContent = status.epoch;
  $("s-steps").textContent = status.steps;
  $("s-train").textContent = fmt(curves.train[curves.train.length - 1] ?? status.stepLoss);
  $("s-test").textContent = fmt(curves.test[curves.test.length - 1]);
  $("s-acc-train").textContent = status.trainAccuracy === null ? "–" : fmt(status.trainAccuracy * 100) + "%";
  $("s-acc-test").textContent = status.testAccuracy === null ? "–" : fmt(status.testAccuracy * 100) + "%";
  $("s-acc-train").dataset.value = status.trainAccuracy ?? "";
  drawRegions();
  drawCurves();
  weights = answer(engine.weights());
  drawNetwork();
}

function drawRegions() {
  const canvas = $("regions");
  const g = canvas.getContext("2d");
  const w = canvas.width;
  const h = canvas.height;
  g.clearRect(0, 0, w, h);
  const resolution = 40;
  const grid = engine.grid(resolution);
  const features = info.features.length;
  if (grid.length === 4 + resolution * resolution) {
    $("regions-caption").textContent = "Decision regions (shade: the class's probability); ● training, ○ test";
    const [x0, x1, y0, y1] = grid;
    const cw = w / resolution;
    const ch = h / resolution;
    for (let j = 0; j < resolution; j++) {
      for (let i = 0; i < resolution; i++) {
        const v = grid[4 + j * resolution + i];
        const cls = Math.floor(v);
        const p = v - cls;
        g.globalAlpha = 0.15 + 0.45 * Math.max(0, (p - 1 / info.outputs) / (1 - 1 / info.outputs));
        g.fillStyle = COLORS[cls % COLORS.length];
        g.fillRect(i * cw, j * ch, cw + 0.5, ch + 0.5);
      }
    }
    g.globalAlpha = 1;
    const px = (x) => ((x - x0) / (x1 - x0)) * w;
    const py = (y) => h - ((y - y0) / (y1 - y0)) * h;
    drawPoints(g, info.train, px, py, true);
    drawPoints(g, info.test, px, py, false);
  } else if (grid.length === 2 + resolution && features === 1) {
    $("regions-caption").textContent = "The data (●) and the network's curve";
    const [x0, x1] = grid;
    const ys = Array.from(grid.slice(2));
    const all = info.train.y.map((r) => r[0]).concat(ys);
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    const px = (x) => 20 + ((x - x0) / (x1 - x0)) * (w - 40);
    const py = (y) => h - 20 - ((y - lo) / (hi - lo || 1)) * (h - 40);
    g.fillStyle = "#2b6cb0";
    info.train.x.forEach((row, at) => {
      g.beginPath();
      g.arc(px(row[0]), py(info.train.y[at][0]), 3, 0, 7);
      g.fill();
    });
    g.strokeStyle = "#dd6b20";
    g.lineWidth = 2;
    g.beginPath();
    ys.forEach((y, at) => {
      const x = x0 + ((x1 - x0) * at) / (resolution - 1);
      if (at === 0) g.moveTo(px(x), py(y));
      else g.lineTo(px(x), py(y));
    });
    g.stroke();
  } else {
    $("regions-caption").textContent = "Decision regions are drawn for two features and classes; this data has " +
      features + " feature" + (features === 1 ? "" : "s") + (info.classes ? "" : " and values to fit");
  }
}

function drawPoints(g, part, px, py, filled) {
  part.x.forEach((row, at) => {
    const target = part.y[at];
    const cls = target.indexOf(Math.max(...target));
    g.beginPath();
    g.arc(px(row[0]), py(row[1]), 3.2, 0, 7);
    g.fillStyle = COLORS[cls % COLORS.length];
    g.strokeStyle = filled ? "#fff" : COLORS[cls % COLORS.length];
    g.lineWidth = filled ? 1 : 1.6;
    if (filled) g.fill();
    g.stroke();
  });
}

function drawCurves() {
  const canvas = $("curves");
  const g = canvas.getContext("2d");
  const w = canvas.width;
  const h = canvas.height;
  g.clearRect(0, 0, w, h);
  const values = curves.train.concat(curves.test).filter((v) => v !== null && isFinite(v) && v > 0);
  g.strokeStyle = "#999";
  g.strokeRect(40.5, 10.5, w - 50, h - 40);
  if (values.length === 0) return;
  const log = Math.max(...values) / Math.min(...values) > 50;
  const t = (v) => (log ? Math.log10(v) : v);
  const lo = log ? t(Math.min(...values)) : 0;
  const hi = t(Math.max(...values));
  const n = Math.max(2, curves.train.length);
  const px = (at) => 40 + (at / (n - 1)) * (w - 50);
  const py = (v) => 10 + (1 - (t(v) - lo) / (hi - lo || 1)) * (h - 40);
  g.fillStyle = "#555";
  g.font = "11px sans-serif";
  g.fillText(fmt(log ? Math.pow(10, hi) : hi), 2, 18);
  g.fillText(fmt(log ? Math.pow(10, lo) : lo), 2, h - 32);
  g.fillText("epoch " + curves.train.length + (log ? " (log scale)" : ""), w - 140, h - 12);
  for (const [series, color] of [[curves.train, "#2b6cb0"], [curves.test, "#dd6b20"]]) {
    g.strokeStyle = color;
    g.lineWidth = 1.5;
    g.beginPath();
    let started = false;
    series.forEach((v, at) => {
      if (v === null || !(v > 0)) return;
      if (!started) g.moveTo(px(at), py(v));
      else g.lineTo(px(at), py(v));
      started = true;
    });
    g.stroke();
  }
}

/** The drawing's columns: the inputs, then each dense layer's units. */
function columns() {
  const cols = [{ kind: "input", units: info.features.length }];
  weights.forEach((layer, index) => {
    if (layer.kind === "dense") {
      const next = weights[index + 1];
      cols.push({ kind: "dense", index, units: layer.weights.length,
        activation: next && next.kind === "activation" ? next.activation : "linear" });
    }
  });
  return cols;
}

const SHOWN = 12; // most units drawn in a column

function drawNetwork() {
  const svg = $("net");
  if (!weights) return;
  const cols = columns();
  const width = 760;
  const height = 300;
  const dx = (width - 170) / Math.max(1, cols.length - 1);
  const x = (c) => 40 + c * dx;
  const y = (c, unit) => {
    const n = Math.min(cols[c].units, SHOWN);
    return height / 2 + (unit - (n - 1) / 2) * Math.min(24, (height - 40) / n);
  };
  let maxAbs = 1e-9;
  for (const col of cols) if (col.kind === "dense") for (const row of weights[col.index].weights) for (const v of row) maxAbs = Math.max(maxAbs, Math.abs(v));
  let parts = [];
  cols.forEach((col, c) => {
    if (c === 0) return;
    const W = weights[col.index].weights;
    for (let j = 0; j < Math.min(col.units, SHOWN); j++) {
      for (let i = 0; i < Math.min(cols[c - 1].units, SHOWN); i++) {
        const v = W[j][i];
        parts.push(`<line class="edge" data-col="${c}" data-unit="${j}" data-from="${i}" x1="${x(c - 1)}" y1="${y(c - 1, i)}" x2="${x(c)}" y2="${y(c, j)}" stroke="${v >= 0 ? "#2b6cb0" : "#dd6b20"}" stroke-width="${(0.4 + 4 * Math.abs(v) / maxAbs).toFixed(2)}"><title>w = ${fmt(v)}</title></line>`);
      }
    }
  });
  cols.forEach((col, c) => {
    const n = Math.min(col.units, SHOWN);
    for (let u = 0; u < n; u++) {
      const label = c === 0 ? info.features[u] : "";
      parts.push(`<circle class="neuron" data-col="${c}" data-unit="${u}" cx="${x(c)}" cy="${y(c, u)}" r="8"><title>${c === 0 ? "input " + esc(label) : "layer " + c + ", unit " + u + " (" + esc(col.activation) + ")"}</title></circle>`);
      if (c === 0) parts.push(`<text x="${x(c) - 34}" y="${y(c, u) + 4}" class="label">${esc(label)}</text>`);
    }
    if (col.units > SHOWN) parts.push(`<text x="${x(c) - 10}" y="${height - 6}" class="label">+${col.units - SHOWN}</text>`);
    if (c > 0) parts.push(`<text x="${x(c) - 20}" y="14" class="label">${esc(col.activation)}</text>`);
  });
  const last = cols.length - 1;
  parts.push(`<rect id="loss-node" class="loss" x="${x(last) + 36}" y="${height / 2 - 16}" width="54" height="32" rx="6"></rect><text x="${x(last) + 48}" y="${height / 2 + 5}" class="label loss-label">loss</text>`);
  svg.innerHTML = parts.join("");
}

// ---- the pass, layer by layer -------------------------------------------------------------------

function traceNow() {
  const row = Number($("trace-row").value) || 0;
  return answer(engine.trace(row));
}

function startPass() {
  const trace = traceNow();
  if (!trace) return false;
  pass = { trace, forward: 0, backward: 0 };
  return true;
}

function forwardOne() {
  if (!info) return;
  if (!pass || (pass.forward > pass.trace.layers.length && pass.backward > 0)) {
    if (!startPass()) return;
  }
  if (pass.forward <= pass.trace.layers.length) pass.forward++;
  renderPass();
}

function backwardOne() {
  if (!info) return;
  if (!pass) {
    if (!startPass()) return;
  }
  pass.forward = pass.trace.layers.length + 1; // the backward pass needs the forward one
  if (pass.backward < pass.trace.layers.length) pass.backward++;
  renderPass();
}

function wholePass() {
  if (!info || !startPass()) return;
  pass.forward = pass.trace.layers.length + 1;
  pass.backward = pass.trace.layers.length;
  renderPass();
}

function cell(name, values) {
  return `<span class="value" data-name="${name}" title="${esc(values.join(", "))}">${vec(values)}</span>`;
}

function renderPass() {
  const box = $("pass-table");
  if (!pass) {
    box.innerHTML = "<p>Press <b>Forward</b> to run the pass one layer at a time.</p>";
    return;
  }
  const t = pass.trace;
  const L = t.layers.length;
  let html = `<table><tr><th>layer</th><th>forward</th><th>output</th><th>backward: ∂L/∂output</th><th>parameter gradients</th></tr>`;
  html += `<tr><td>input</td><td>x</td><td>${cell("input", t.input)}</td><td>${pass.backward === L ? cell("input.grad", t.inputGradient) : ""}</td><td></td></tr>`;
  t.layers.forEach((layer, at) => {
    const shownForward = at < pass.forward;
    const shownBackward = at >= L - pass.backward;
    html += `<tr class="${shownForward ? "" : "hidden-row"}"><td>${esc(layer.name)}</td><td><code>${esc(layer.forward)}</code></td>`;
    html += `<td>${shownForward ? cell(layer.index + ".output", layer.output) : "…"}</td>`;
    html += `<td>${shownBackward ? cell(layer.index + ".grad", layer.gradient) + `<br><code>${esc(layer.backward)}</code>` : ""}</td><td>`;
    if (shownBackward && layer.kind === "dense") {
      html += `∂L/∂b = ${cell(layer.index + ".bias.grad", layer.biasGradients)}<br>∂L/∂W = ${layer.weightGradients.map((r, j) => cell(layer.index + ".weights.grad." + j, r)).join(" ")}`;
    }
    html += `</td></tr>`;
  });
  const done = pass.forward > L;
  html += `<tr><td>loss</td><td>${esc(t.lossName)}</td><td>${done ? `prediction <span id="pass-prediction" class="value">${vec(t.layers[L - 1].output)}</span>, target ${vec(t.target)}, L = <span id="pass-loss" class="value">${fmt(t.loss)}</span>` : "…"}</td><td></td><td></td></tr>`;
  html += "</table>";
  html += `<p class="stage" id="pass-stage">${done ? "forward pass done" : "forward: " + pass.forward + " of " + L + " layers"}; backward: ${pass.backward} of ${L} layers</p>`;
  box.innerHTML = html;
}

// ---- derivations --------------------------------------------------------------------------------

const LOSS_FORMULAS = {
  half_squared_error: ["L = ½ Σ (ŷ − y)²", "∂L/∂ŷ = ŷ − y"],
  mse: ["L = mean over the batch of the mean over outputs of (ŷ − y)²", "∂L/∂ŷ = 2(ŷ − y) / (outputs · batch)"],
  mae: ["L = mean |ŷ − y|", "∂L/∂ŷ = sign(ŷ − y) / (outputs · batch)"],
  softmax_cross_entropy: ["L = −Σ y · log softmax(ŷ)", "∂L/∂ŷ = softmax(ŷ) − y"],
  categorical_cross_entropy: ["L = −Σ y · log ŷ", "∂L/∂ŷ = −y / ŷ"],
  binary_cross_entropy: ["L = −[y log ŷ + (1 − y) log(1 − ŷ)]", "∂L/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ))"],
  binary_cross_entropy_with_logits: ["L = −[y log σ(ŷ) + (1 − y) log(1 − σ(ŷ))]", "∂L/∂ŷ = σ(ŷ) − y"],
  huber: ["L = mean of ½(ŷ − y)² where |ŷ − y| ≤ δ, else δ(|ŷ − y| − ½δ)", "∂L/∂ŷ = clip(ŷ − y, −δ, δ) / n"],
};

function denseIndexes(t) {
  return t.layers.filter((l) => l.kind === "dense").map((l) => l.index);
}

function explain(kind, c, unit, from) {
  if (!info) return;
  const t = traceNow();
  if (!t) return;
  const dense = denseIndexes(t);
  const lines = [];
  const note = `<p class="note">Values and gradients are the engine's (nabla-core's traced pass on training row ${t.row}, a batch of one). The sums written out are the same numbers, added again on the page.</p>`;
  if (kind === "loss") {
    const last = t.layers[t.layers.length - 1];
    const [value, gradient] = LOSS_FORMULAS[t.lossName] || ["L", "∂L/∂ŷ"];
    lines.push(`<h3>The loss: ${esc(t.lossName)}</h3>`);
    lines.push(`<p><code>${esc(value)}</code> with ŷ = ${vec(last.output)}, y = ${vec(t.target)}: <b data-name="loss">L = ${fmt(t.loss)}</b></p>`);
    if (t.lossName === "half_squared_error") {
      const terms = last.output.map((p, k) => `(${fmt(p)} − ${fmt(t.target[k])})²`).join(" + ");
      lines.push(`<p>= ½ (${terms}) = ${fmt(t.loss)}</p>`);
    }
    lines.push(`<p><code>${esc(gradient)}</code> = <b data-name="loss.grad">${vec(last.gradient)}</b></p>`);
  } else if (c === 0) {
    lines.push(`<h3>Input ${esc(info.features[unit])}</h3>`);
    lines.push(`<p>value x = <b>${fmt(t.input[unit])}</b>; gradient ∂L/∂x = <b>${fmt(t.inputGradient[unit])}</b></p>`);
    const first = t.layers[dense[0]];
    const terms = first.weights.map((row, k) => `${fmt(row[unit])}·${fmt(first.gradient[k])}`).join(" + ");
    lines.push(`<p>∂L/∂x = Σₖ w<sub>k,${unit}</sub>·δₖ = ${terms} = ${fmt(t.inputGradient[unit])}</p>`);
  } else {
    const D = dense[c - 1];
    const layer = t.layers[D];
    const input = D === 0 ? t.input : t.layers[D - 1].output;
    const next = t.layers[D + 1] && t.layers[D + 1].kind === "activation" ? t.layers[D + 1] : null;
    const z = layer.output[unit];
    const delta = layer.gradient[unit];
    const name = `layer ${c}, unit ${unit}`;
    if (kind === "weight") {
      const w = layer.weights[unit][from];
      const g = layer.weightGradients[unit][from];
      lines.push(`<h3>Weight from ${from === undefined ? "" : (c === 1 ? info.features[from] : "unit " + from + " of layer " + (c - 1))} to ${name}</h3>`);
      lines.push(`<p>value w = <b data-name="weight">${fmt(w)}</b></p>`);
      lines.push(`<p>∂L/∂w = δ · input = ∂L/∂z<sub>${unit}</sub> · a<sub>${from}</sub> = ${fmt(delta)} · ${fmt(input[from])} = ${fmt(delta * input[from])}; the engine: <b data-name="weight.grad">${fmt(g)}</b></p>`);
      lines.push(`<p>An SGD step with rate η moves it to w − η·∂L/∂w.</p>`);
    } else {
      lines.push(`<h3>Neuron: ${name} (${esc(next ? next.activation : "linear")})</h3>`);
      const terms = layer.weights[unit].map((w, i) => `${fmt(w)}·${fmt(input[i])}`).join(" + ");
      const b = layer.bias.length ? layer.bias[unit] : 0;
      lines.push(`<p><b>Forward.</b> z = Σᵢ wᵢ·aᵢ + b = ${terms}${layer.bias.length ? " + " + fmt(b) : ""} = <b data-name="z">${fmt(z)}</b></p>`);
      if (next) lines.push(`<p>a = ${esc(next.activation)}(z) = ${esc(next.activation)}(${fmt(z)}) = <b data-name="a">${fmt(next.output[unit])}</b></p>`);
      const after = next ? next : layer;
      const gradA = after.gradient[unit];
      const nextDense = dense.find((d) => d > D);
      let source;
      if (nextDense === undefined) {
        source = `from the loss (${esc((LOSS_FORMULAS[t.lossName] || ["", "∂L/∂ŷ"])[1])})`;
      } else {
        const nd = t.layers[nextDense];
        source = "Σₖ wₖ·δₖ over the next layer = " + nd.weights.map((row, k) => `${fmt(row[unit])}·${fmt(nd.gradient[k])}`).join(" + ");
      }
      lines.push(`<p><b>Backward.</b> ∂L/∂${next ? "a" : "z"} = ${source} = <b data-name="grad.a">${fmt(gradA)}</b></p>`);
      if (next && next.derivative) {
        const d = next.derivative[unit];
        lines.push(`<p>δ = ∂L/∂z = ∂L/∂a · f′(z) = ${fmt(gradA)} · ${fmt(d)} = ${fmt(gradA * d)}; the engine: <b data-name="delta">${fmt(delta)}</b></p>`);
      } else if (next) {
        const s = next.gradient.reduce((sum, g, k) => sum + g * next.output[k], 0);
        lines.push(`<p>δ = ∂L/∂z = a · (∂L/∂a − Σₖ ∂L/∂aₖ·aₖ) (the softmax's full Jacobian) = ${fmt(next.output[unit])} · (${fmt(gradA)} − ${fmt(s)}) = ${fmt(next.output[unit] * (gradA - s))}; the engine: <b data-name="delta">${fmt(delta)}</b></p>`);
      }
      if (layer.bias.length) lines.push(`<p>∂L/∂b = δ = <b data-name="bias.grad">${fmt(layer.biasGradients[unit])}</b> (bias b = ${fmt(b)})</p>`);
    }
  }
  // Core's own account of the same pass (dev.nabla.explain), working the clicked element.
  const layer = kind === "loss" ? 0 : c;
  const core = answer(engine.explain(t.row, layer, kind === "loss" || c === 0 ? 0 : unit, kind === "weight" ? from : 0));
  const derivation = core ? `<details id="core-derivation" open><summary>nabla-core's derivation (<code>dev.nabla.explain</code>, as <code>nabla explain</code> prints it)</summary><pre>${esc(core.text)}</pre></details>` : "";
  $("detail").innerHTML = lines.join("") + note + derivation;
}

// ---- exports ------------------------------------------------------------------------------------

function download(name, text, type) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

function exportRecipe() {
  const text = engine.recipe();
  const parsed = answer(text);
  if (parsed) download("recipe.json", JSON.stringify(parsed, null, 2) + "\n", "application/json");
}

/**
 * The local server writes the model file (nabla-io) or the ONNX model (nabla-onnx) from the page's
 * weights: both run on the JVM.
 */
async function exportFromServer(path, fileName, buttonId, what) {
  const state = engine.modelState();
  if (!answer(state)) return;
  let response;
  try {
    response = await fetch(path, { method: "POST", body: state });
  } catch (error) {
    showMessage(what + " are written by the local server (nabla playground): " + error.message);
    return;
  }
  if (response.status === 404 || response.status === 405 || response.status === 501) {
    showMessage(what + " are written by the local server: run nabla playground (a static copy of the page cannot write them; the recipe downloads anywhere)");
    return;
  }
  if (!response.ok) {
    showMessage((await response.text()).trim());
    return;
  }
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  $(buttonId).dataset.bytes = blob.size;
}

const exportModel = () => exportFromServer("model", "playground.nabla", "export-model", "Model files");
const exportOnnx = () => exportFromServer("onnx", "playground.onnx", "export-onnx", "ONNX models");

function copyLink() {
  const done = () => { $("copy-link").textContent = "Link copied"; setTimeout(() => ($("copy-link").textContent = "Copy the link"), 1500); };
  if (navigator.clipboard) navigator.clipboard.writeText(location.href).then(done, () => showMessage("The link: " + location.href));
  else showMessage("The link: " + location.href);
}

// ---- CSV ------------------------------------------------------------------------------------------

function loadCsvFile(file) {
  if (!file) return;
  if (file.size > 5 * 1024 * 1024) {
    showMessage(file.name + ": " + Math.round(file.size / 1024) + " KB is more than the page reads (5 MB)");
    return;
  }
  const reader = new FileReader();
  reader.onload = () => loadCsvText(file.name, String(reader.result));
  reader.onerror = () => showMessage(file.name + ": the file could not be read");
  reader.readAsText(file);
}

function loadCsvText(name, text) {
  const read = answer(engine.loadCsv(name, text));
  if (!read) {
    $("csv-info").textContent = "";
    return false;
  }
  $("csv-info").textContent = `${read.name}: ${read.rows} rows, ` + (read.classes ? `${read.classes} classes` : "values to fit");
  applyToForm(engine.preset("csv"));
  $("data").value = "csv";
  return configure();
}

// ---- wiring -------------------------------------------------------------------------------------

function wire() {
  $("data").addEventListener("change", () => {
    applyToForm(engine.preset($("data").value));
    configure();
  });
  for (const field of FIELDS) if (field !== "data") $(field).addEventListener("change", configure);
  $("play").addEventListener("click", () => (playing ? pause() : play()));
  $("step").addEventListener("click", oneStep);
  $("epoch").addEventListener("click", oneEpoch);
  $("reset").addEventListener("click", configure);
  $("fwd").addEventListener("click", forwardOne);
  $("bwd").addEventListener("click", backwardOne);
  $("pass-all").addEventListener("click", wholePass);
  $("trace-row").addEventListener("change", () => { pass = null; renderPass(); });
  $("export-recipe").addEventListener("click", exportRecipe);
  $("export-model").addEventListener("click", exportModel);
  $("export-onnx").addEventListener("click", exportOnnx);
  $("copy-link").addEventListener("click", copyLink);
  $("net").addEventListener("click", (event) => {
    const target = event.target;
    if (target.id === "loss-node" || target.classList.contains("loss-label")) explain("loss");
    else if (target.classList.contains("neuron")) explain("neuron", Number(target.dataset.col), Number(target.dataset.unit));
    else if (target.classList.contains("edge")) explain("weight", Number(target.dataset.col), Number(target.dataset.unit), Number(target.dataset.from));
  });
  $("csv-file").addEventListener("change", (event) => loadCsvFile(event.target.files[0]));
  const drop = $("drop");
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    loadCsvFile(event.dataTransfer.files[0]);
  });
}

async function start() {
  try {
    const teavm = await TeaVM.wasmGC.load("engine.wasm");
    engine = teavm.exports;
  } catch (error) {
    $("engine-state").dataset.state = "failed";
    $("engine-state").textContent = "The engine did not start.";
    showMessage("The engine (WebAssembly GC) could not start: " + error.message +
      ". It needs Chrome or Edge 119+, Firefox 120+ or Safari 18.2+.");
    return;
  }
  $("engine-state").dataset.state = "ready";
  $("engine-state").dataset.loadedMs = Math.round(performance.now());
  $("engine-state").textContent = "Engine: nabla-core, WebAssembly";
  wire();
  const fromUrl = stateFromUrl();
  const data = fromUrl.find((line) => line.startsWith("data="));
  applyToForm(engine.preset(data ? data.slice(5) : "circles"));
  $("data").value = data ? data.slice(5) : "circles";
  applyToForm(fromUrl.join("\n"));
  configure();
}

start();
