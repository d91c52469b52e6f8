// emoeval serve: the page's entry point. Two tabs; each part sets itself up from /api/status.
import { request, showError } from "./api.js";
import { setUpTry } from "./try.js";
import { setUpBrowse } from "./browse.js";

function selectTab(name) {
  for (const tab of ["try", "browse"]) {
    document.getElementById(tab).hidden = tab !== name;
    document.getElementById(`tab-${tab}`).setAttribute("aria-selected", String(tab === name));
  }
}

async function start() {
  document.getElementById("tab-try").addEventListener("click", () => selectTab("try"));
  document.getElementById("tab-browse").addEventListener("click", () => selectTab("browse"));
  try {
    const status = await request("/api/status");
    setUpTry(status);
    await setUpBrowse(status);
    if (!status.models.length && status.database) selectTab("browse");
    document.body.dataset.ready = "true";
  } catch (e) {
    showError(document.getElementById("try-error"), e.message);
  }
}

start();
