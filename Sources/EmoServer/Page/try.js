// "Try a model": pick models, give audio (file or microphone), press Recognise, read every model's answer.
import { request, el, showError, percent } from "./api.js";
import { barChart } from "./charts.js";
import { startRecording } from "./wav.js";

const state = { input: null, inputName: null, recorder: null, lastResult: null, jsonURL: null, playerURL: null };
const $ = (id) => document.getElementById(id);

export function setUpTry(status) {
  const body = $("models").querySelector("tbody");
  for (const model of status.models) {
    body.append(el("tr", {},
      el("td", {}, el("input", { type: "checkbox", class: "model-choice", value: model.id, checked: true,
                                 "aria-label": `use ${model.variant}` })),
      el("td", {}, el("strong", {}, model.variant), el("div", { class: "muted" }, model.directoryName)),
      el("td", {}, model.precision === "fp32" ? model.family : `${model.family} · ${model.precision}`),
      el("td", { class: "muted" }, model.labels.length ? model.labels.join(", ") : "none (embeddings only)"),
      el("td", { class: "mono" }, model.sha256Prefix),
      el("td", { class: "num" }, `${model.loadSeconds.toFixed(2)} s`),
      el("td", {}, "loaded")));
  }
  if (!status.models.length) {
    body.append(el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No model loaded (start emoeval serve with --model DIR).")));
  }
  for (const recipe of status.recipes) {
    $("recipe").append(el("option", { value: recipe.id }, `${recipe.name} (${recipe.labels.join(", ")})`));
  }
  if (status.recipes.length) $("recipe").value = String(status.recipes[0].id);
  $("limits").textContent = `Uploads up to ${Math.round(status.maxUploadBytes / 1048576)} MB and `
    + `${status.maxAudioSeconds} s of audio; ${status.inferenceSlots} inference(s) at a time, the rest wait.`;

  $("file").addEventListener("change", () => {
    const file = $("file").files[0];
    if (file) setInput(file, file.name);
  });
  $("record").addEventListener("click", record);
  $("stop").addEventListener("click", stopRecording);
  $("recognise").addEventListener("click", recognise);
  body.addEventListener("change", updateButton);
}

function setInput(blob, name) {
  state.input = blob;
  state.inputName = name;
  if (state.playerURL) URL.revokeObjectURL(state.playerURL);
  state.playerURL = URL.createObjectURL(blob);
  $("input-player").src = state.playerURL;
  $("input-player").hidden = false;
  $("input-name").textContent = `${name}, ${(blob.size / 1024).toFixed(1)} kB`;
  showError($("try-error"), null);
  updateButton();
}

function selectedModels() {
  return [...document.querySelectorAll(".model-choice")].filter((box) => box.checked).map((box) => box.value);
}

function updateButton() {
  $("recognise").disabled = !state.input || !selectedModels().length || !!state.recorder;
}

async function record() {
  showError($("try-error"), null);
  try {
    state.recorder = await startRecording((seconds) => { $("record-status").textContent = `recording… ${seconds.toFixed(1)} s`; });
  } catch (e) {
    showError($("try-error"), `the microphone cannot be used: ${e.message}`);
    return;
  }
  $("record").disabled = true;
  $("stop").disabled = false;
  updateButton();
}

async function stopRecording() {
  const recorder = state.recorder;
  if (!recorder) return;
  $("stop").disabled = true;
  const wav = await recorder.stop();
  state.recorder = null;
  $("record").disabled = false;
  $("record-status").textContent = "recorded (16 kHz mono WAV, encoded in the browser)";
  setInput(wav, "recording.wav");
}

async function recognise() {
  const models = selectedModels();
  const recipe = $("recipe").value;
  const query = new URLSearchParams({ models: models.join(","), name: state.inputName });
  if (recipe !== "") query.set("recipe", recipe);
  $("recognise").disabled = true;
  $("busy").textContent = "recognising…";
  showError($("try-error"), null);
  try {
    const result = await request(`/api/recognise?${query}`, { method: "POST", body: state.input,
                                                               headers: { "Content-Type": "application/octet-stream" } });
    showResult(result);
  } catch (e) {
    showError($("try-error"), e.message);
    $("results").replaceChildren();
    $("downloads").hidden = true;
  } finally {
    $("busy").textContent = "";
    updateButton();
  }
}

function showResult(result) {
  state.lastResult = result;
  const cards = result.results.map((r) => {
    const card = el("div", { class: "card result", "data-model": r.model },
      el("h3", {}, r.variant, el("span", { class: "muted" },
        r.precision === "fp32" ? ` · ${r.family}` : ` · ${r.family} · ${r.precision}`)));
    if (r.topLabel !== null && r.topLabel !== undefined) {
      card.append(el("p", { class: "top" }, el("strong", { class: "top-label" }, r.topLabel),
                     ` ${percent(r.topScore)} %`));
      card.append(barChart(r.labels, r.record.scores, { highlight: r.topLabel, title: `${r.variant} probabilities` }));
    } else {
      card.append(el("p", { class: "muted" }, "No classifier head: embedding only."));
    }
    if (r.mapped) {
      const view = el("div", { class: "mapped" },
        el("h3", {}, `${r.mapped.recipe} labels: `, el("strong", { class: "mapped-label" }, r.mapped.predicted)),
        barChart(r.mapped.labels, r.mapped.scores, { highlight: r.mapped.predicted, title: "dataset labels" }),
        el("p", { class: "muted policy" }, r.mapped.policyExplanation));
      card.append(view);
    }
    const links = el("p", { class: "muted" }, `${r.inferenceSeconds.toFixed(2)} s · embedding ${r.embeddingDim}-d`);
    if (r.offersEmbedding) {
      links.append(" · ", el("a", { href: `/api/results/${result.id}/models/${r.model}/embedding.npy`,
                                    class: "embedding" }, "embedding (.npy)"));
    }
    card.append(links);
    return card;
  });
  $("results").replaceChildren(
    el("p", { class: "muted", id: "input-summary" },
       `${result.input.name}: ${result.input.format} ${result.input.subtype}, ${result.input.sampleRate} Hz, `
       + `${result.input.channels} channel(s), ${result.input.seconds.toFixed(2)} s`),
    ...cards);
  if (state.jsonURL) URL.revokeObjectURL(state.jsonURL);
  state.jsonURL = URL.createObjectURL(new Blob([JSON.stringify(result, null, 2)], { type: "application/json" }));
  $("download-json").href = state.jsonURL;
  $("download-json").download = `${result.input.name.replace(/\.[^.]*$/, "")}.emoeval.json`;
  $("downloads").hidden = false;
}
