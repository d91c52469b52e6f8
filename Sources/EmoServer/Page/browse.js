// "Browse results": the database's runs; a run's figures and confusion matrix, whose cells list their
// utterances with a player each; two runs' disagreements.
import { request, el, showError, percent } from "./api.js";
import { confusionMatrix } from "./charts.js";

const $ = (id) => document.getElementById(id);
const HEADLINES = [["wa", "WA"], ["ua", "UA"], ["macroF1", "macro-F1"], ["weightedF1", "weighted-F1"]];

export async function setUpBrowse(status) {
  if (!status.database) {
    $("browse-note").textContent = "No result database is open (start emoeval serve with --db PATH).";
    $("runs").hidden = true;
    $("compare").hidden = true;
    return;
  }
  $("browse-note").textContent = `Database ${status.database}. Open a run to see its figures; click a confusion `
    + "cell to hear its utterances. Tick two runs to list where they disagree.";
  const runs = await request("/api/runs");
  const body = $("runs").querySelector("tbody");
  for (const run of runs) {
    const open = el("button", { type: "button", class: "open-run", "data-run": run.id, disabled: !run.scored }, "Open");
    open.addEventListener("click", () => openRun(run.id));
    body.append(el("tr", { "data-run": run.id },
      el("td", {}, el("input", { type: "checkbox", class: "compare-choice", value: run.id, disabled: !run.scored,
                                 "aria-label": `compare run ${run.id}` })),
      el("td", { class: "num" }, run.id),
      el("td", {}, el("strong", {}, run.variant), el("div", { class: "muted mono" }, run.sha256Prefix)),
      el("td", {}, run.family),
      el("td", {}, run.corpus),
      el("td", {}, run.status),
      el("td", { class: "num" }, `${run.predicted} / ${run.utterances}`),
      el("td", { class: "num" }, run.failed),
      el("td", { class: "num" }, `${run.audioSeconds.toFixed(1)} s`),
      el("td", {}, open)));
  }
  if (!runs.length) body.append(el("tr", {}, el("td", { colspan: 10, class: "muted" }, "The database holds no run.")));
  body.addEventListener("change", () => {
    $("compare").disabled = document.querySelectorAll(".compare-choice:checked").length !== 2;
  });
  $("compare").addEventListener("click", () => {
    const [a, b] = [...document.querySelectorAll(".compare-choice:checked")].map((box) => box.value);
    compareRuns(a, b);
  });
}

function interval(metrics, key) {
  if (!metrics.intervals) return "";
  const ci = metrics.intervals[key];
  return `[${percent(ci.lower)}, ${percent(ci.upper)}]`;
}

async function openRun(id) {
  showError($("browse-error"), null);
  $("compare-view").replaceChildren();
  let view;
  try {
    view = await request(`/api/runs/${id}`);
  } catch (e) {
    showError($("browse-error"), e.message);
    return;
  }
  for (const row of document.querySelectorAll("#runs tbody tr")) row.classList.toggle("selected", row.dataset.run === String(id));
  const m = view.metrics;
  const headline = el("table", { class: "grid metrics", id: "run-metrics" },
    el("thead", {}, el("tr", {}, el("th", {}, "metric"), el("th", {}, "%"), el("th", {}, "95 % interval"),
                       el("th", {}, "fold mean ± SD"))),
    el("tbody", {}, ...HEADLINES.map(([key, name], i) => {
      const summary = m.folds.length ? m.foldSummaries[i] : null;
      return el("tr", { "data-metric": key }, el("td", {}, name), el("td", { class: "num" }, percent(m.pooled[key])),
                el("td", { class: "num" }, interval(m, key)),
                el("td", { class: "num" }, summary ? `${percent(summary.mean)} ± ${summary.standardDeviation === null
                  || summary.standardDeviation === undefined ? "–" : percent(summary.standardDeviation)}` : ""));
    })));
  const folds = el("table", { class: "grid metrics", id: "run-folds" },
    el("thead", {}, el("tr", {}, el("th", {}, "fold"), el("th", {}, "N"), ...HEADLINES.map(([, n]) => el("th", {}, n)))),
    el("tbody", {}, ...m.folds.map((f) => el("tr", {}, el("td", {}, f.fold), el("td", { class: "num" }, f.metrics.count),
      ...HEADLINES.map(([key]) => el("td", { class: "num" }, percent(f.metrics[key])))))));
  const rows = view.labels, columns = view.columns;
  const counts = rows.map((_, r) => columns.map((_, c) => m.confusion.counts[r * columns.length + c]));
  const list = el("div", { id: "cell-utterances" });
  const matrix = confusionMatrix(rows, columns, counts, (r, c, rect) => {
    for (const cell of matrix.querySelectorAll(".cell")) cell.classList.remove("selected");
    rect.classList.add("selected");
    showCell(view, r, c, list);
  });
  $("run-view").replaceChildren(
    el("h2", {}, `Run ${view.run}: ${view.variant} on ${view.corpus}`),
    el("p", { class: "muted" }, `recipe ${view.recipe} · ${view.policyExplanation} · status ${view.status}`
       + ` · ${m.pooled.count} scored, ${view.failed} failed`),
    headline,
    m.folds.length ? el("h3", {}, "Per fold") : null,
    m.folds.length ? folds : null,
    el("h3", {}, "Confusion matrix (click a cell to hear its utterances)"),
    matrix,
    list);
}

function audioPlayer(utteranceId) {
  return el("audio", { controls: true, preload: "none", src: `/api/audio/${utteranceId}` });
}

function showCell(view, row, column, target) {
  const items = view.utterances.filter((u) => u.truth === row && u.predicted === column);
  let descending = true;
  const table = el("table", { class: "grid", id: "cell-table" });
  const header = el("th", { class: "sortable", id: "sort-confidence", title: "sort by confidence" }, "confidence ▾");
  const draw = () => {
    const sorted = [...items].sort((a, b) => descending ? b.confidence - a.confidence : a.confidence - b.confidence);
    header.textContent = `confidence ${descending ? "▾" : "▴"}`;
    table.replaceChildren(
      el("thead", {}, el("tr", {}, el("th", {}, "listen"), el("th", {}, "utterance"), el("th", {}, "true"),
                         el("th", {}, "predicted"), header, el("th", {}, `scores (${view.modelLabels.join(", ")})`))),
      el("tbody", {}, ...sorted.map((u) => el("tr", { class: "utterance", "data-key": u.key, "data-id": u.utteranceId },
        el("td", {}, audioPlayer(u.utteranceId)),
        el("td", { class: "mono" }, u.key),
        el("td", {}, view.labels[u.truth]),
        el("td", {}, view.columns[u.predicted]),
        el("td", { class: "num" }, percent(u.confidence)),
        el("td", { class: "scores mono" }, u.scores.map((s) => s.toFixed(3)).join(" "))))));
  };
  header.addEventListener("click", () => { descending = !descending; draw(); });
  draw();
  target.replaceChildren(
    el("h3", {}, `True ${view.labels[row]}, predicted ${view.columns[column]}: ${items.length} utterance(s)`),
    items.length ? table : el("p", { class: "muted" }, "No utterance in this cell."));
}

async function compareRuns(a, b) {
  showError($("browse-error"), null);
  let view;
  try {
    view = await request(`/api/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
  } catch (e) {
    showError($("browse-error"), e.message);
    return;
  }
  const d = view.disagreements;
  const label = (i) => (i < view.labels.length ? view.labels[i] : "other");
  $("run-view").replaceChildren();
  $("compare-view").replaceChildren(
    el("h2", {}, `Run ${view.first} (${view.firstVariant}) vs run ${view.second} (${view.secondVariant})`),
    el("p", {}, `${d.paired} utterances scored by both: both right ${d.bothRight}, only run ${view.first} right `
      + `${d.onlyFirstRight}, only run ${view.second} right ${d.onlySecondRight}, both wrong ${d.bothWrong}; `
      + `${d.items.length} decided differently:`),
    el("table", { class: "grid", id: "disagreements" },
      el("thead", {}, el("tr", {}, el("th", {}, "listen"), el("th", {}, "utterance"), el("th", {}, "true"),
                         el("th", {}, `run ${view.first}`), el("th", {}, `run ${view.second}`))),
      el("tbody", {}, ...d.items.map((item) => el("tr", { class: "utterance", "data-key": item.key },
        el("td", {}, audioPlayer(item.utteranceId)),
        el("td", { class: "mono" }, item.key),
        el("td", {}, label(item.truth)),
        el("td", {}, `${label(item.first)} (${percent(item.firstConfidence)} %)`),
        el("td", {}, `${label(item.second)} (${percent(item.secondConfidence)} %)`))))));
}
