"use strict";

// The console calls the same endpoints as any client (/invocations, /model, /ping) and draws the answer itself,
// so what it shows is exactly what the API returns.
(() => {
  const $ = (id) => document.getElementById(id);
  const state = {
    settings: null,
    image: null, // { blob, type, name, bitmap }
    url: null,
    answer: null,
    sort: { key: "confidence", direction: -1 },
    sequence: 0,
    debounce: 0,
  };

  const imageTypes = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp", gif: "image/gif", bmp: "image/bmp" };

  document.addEventListener("DOMContentLoaded", () => {
    wireInput();
    wireOptions();
    wireTable();
    $("copy-curl").addEventListener("click", copyCurl);
    $("model-name").addEventListener("change", () => {
      showModel();
      run();
    });
    loadSettings();
    watchReadiness();
  });

  // ---- server state -------------------------------------------------------------------------------------------

  async function loadSettings() {
    try {
      const response = await fetch("/console/settings", { headers: { Accept: "application/json" } });
      state.settings = await response.json();
    } catch {
      state.settings = { image_urls: "off", palette: ["#ff3838"], defaults: null };
    }

    $("url-form").hidden = state.settings.image_urls === "off";
    applyDefaults();
    if (state.settings.multi_model) {
      await listModels();
    }

    await showModel();
  }

  /** A multi-model endpoint: every loaded model, following the pages, in a picker. */
  async function listModels() {
    const names = [];
    let token = "";
    for (let page = 0; page < 100; page++) {
      const response = await fetch("/models" + (token ? "?next_page_token=" + encodeURIComponent(token) : ""));
      if (!response.ok) break;
      const body = await response.json();
      names.push(...body.models.map((m) => m.modelName));
      token = body.nextPageToken;
      if (!token) break;
    }

    const select = $("model-name");
    const current = select.value;
    select.replaceChildren(...names.map((n) => Object.assign(document.createElement("option"), { value: n, textContent: n })));
    if (names.includes(current)) select.value = current;
    $("model-picker").hidden = false;
    if (names.length === 0) setStatus("No model is loaded: load one with POST /models, or add a folder to the repository.");
  }

  /** Where the picked model answers: /invocations, or on a multi-model endpoint /models/{name}/invoke. */
  function modelPath(suffix) {
    const name = state.settings && state.settings.multi_model ? $("model-name").value : null;
    if (!name) return suffix === "invoke" ? "/invocations" : "/model";
    const base = "/models/" + encodeURIComponent(name);
    return suffix === "invoke" ? base + "/invoke" : base;
  }

  function applyDefaults() {
    const d = state.settings && state.settings.defaults;
    if (!d) {
      return;
    }

    setIfUntouched("confidence", d.confidence);
    setIfUntouched("iou", d.iou);
    setIfUntouched("max-detections", d.max_detections);
    showOutputs();
  }

  function setIfUntouched(id, value) {
    const input = $(id);
    if (!input.dataset.touched) {
      input.value = String(value);
    }
  }

  async function watchReadiness() {
    const readiness = $("readiness");
    let ready = false;
    try {
      const response = await fetch("/ping");
      if (response.ok) {
        ready = true;
        readiness.dataset.state = "ready";
        readiness.textContent = "Ready";
      } else {
        const problem = await response.json().catch(() => ({}));
        const failed = (problem.type || "").endsWith("model-failed");
        readiness.dataset.state = failed ? "failed" : "loading";
        readiness.textContent = (failed ? "Model failed: " : "Loading: ") + (problem.detail || response.status);
      }
    } catch {
      readiness.dataset.state = "unknown";
      readiness.textContent = "The service does not answer";
    }

    if (ready && !(state.settings && state.settings.defaults)) {
      await loadSettings(); // the model's defaults (and, on a multi-model endpoint, its list) exist once it is ready
    } else if (state.settings) {
      await showModel();
    }

    setTimeout(watchReadiness, ready ? 30000 : 2000);
  }

  async function showModel() {
    const list = $("model-info");
    try {
      if (state.settings && state.settings.multi_model && !$("model-name").value) {
        list.replaceChildren(element("dt", "Status"), element("dd", "no model loaded"));
        return;
      }

      const response = await fetch(modelPath("info"), { headers: { Accept: "application/json" } });
      const body = await response.json();
      // A repository lists folders that are loading or failed: their description is the state and the reason.
      const unserved = response.ok && body.state && body.state !== "ready";
      const rows = unserved
        ? [["Status", body.state + (body.reason ? ": " + body.reason : "")]]
        : response.ok
        ? [["Model", body.model], ["Family", body.family], ["Task", body.task], ["Input", body.input],
           ["Preprocessing", body.preprocess], ["Labels", `${body.label_count}${body.label_source ? " from " + body.label_source : ""}`],
           ["Provider", body.execution_provider + (body.device_fallback ? ` (${body.device_fallback})` : "")],
           ["Loaded in", body.load_ms == null ? "" : `${Math.round(body.load_ms)} ms`]]
        : [["Status", body.detail || body.title || String(response.status)]];
      list.replaceChildren(...rows.flatMap(([term, value]) => [element("dt", term), element("dd", value ?? "")]));
    } catch {
      list.replaceChildren(element("dt", "Status"), element("dd", "unavailable"));
    }
  }

  // ---- input -------------------------------------------------------------------------------------------------

  function wireInput() {
    const drop = $("drop");
    const file = $("file");
    drop.addEventListener("click", () => file.click());
    drop.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        file.click();
      }
    });
    drop.addEventListener("dragover", (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      const dropped = e.dataTransfer && e.dataTransfer.files[0];
      if (dropped) {
        useFile(dropped);
      }
    });
    file.addEventListener("change", () => {
      if (file.files && file.files[0]) {
        useFile(file.files[0]);
      }
    });
    document.addEventListener("paste", (e) => {
      const item = [...(e.clipboardData ? e.clipboardData.items : [])].find((i) => i.kind === "file" && i.type.startsWith("image/"));
      if (item) {
        useFile(item.getAsFile());
      }
    });
    $("url-form").addEventListener("submit", (e) => {
      e.preventDefault();
      state.image = null;
      state.url = $("url").value.trim();
      run();
    });
  }

  async function useFile(blob) {
    const extension = (blob.name || "").split(".").pop().toLowerCase();
    const type = blob.type || imageTypes[extension] || "application/octet-stream";
    let bitmap = null;
    try {
      // The service answers in upright coordinates (EXIF applied), so the drawing uses the upright image too.
      bitmap = await createImageBitmap(blob, { imageOrientation: "from-image" });
    } catch {
      // The browser cannot show it; the service may still read it, and will say why if not.
    }

    state.url = null;
    state.image = { blob, type, name: blob.name || "image", bitmap };
    run();
  }

  // ---- options -----------------------------------------------------------------------------------------------

  function wireOptions() {
    for (const id of ["confidence", "iou", "max-detections", "classes"]) {
      const input = $(id);
      const changed = () => {
        input.dataset.touched = "true";
        showOutputs();
        clearTimeout(state.debounce);
        state.debounce = setTimeout(run, 250);
      };
      input.addEventListener("input", changed);
      input.addEventListener("change", changed);
    }
  }

  function showOutputs() {
    $("confidence-value").textContent = Number($("confidence").value).toFixed(2);
    $("iou-value").textContent = Number($("iou").value).toFixed(2);
  }

  /** Only what differs from the model's defaults, so the request is what a user would have typed. */
  function query() {
    const d = (state.settings && state.settings.defaults) || {};
    const params = new URLSearchParams();
    const confidence = Number($("confidence").value);
    const iou = Number($("iou").value);
    const max = Number($("max-detections").value);
    const classes = $("classes").value.split(",").map((c) => c.trim()).filter((c) => c).join(",");
    if ($("confidence").dataset.touched && !(Math.abs(confidence - d.confidence) <= 1e-6)) params.set("confidence", String(confidence));
    if ($("iou").dataset.touched && !(Math.abs(iou - d.iou) <= 1e-6)) params.set("iou", String(iou));
    if ($("max-detections").dataset.touched && max > 0 && max !== d.max_detections) params.set("max_detections", String(max));
    if (classes) params.set("classes", classes);
    const text = params.toString();
    return text ? "?" + text : "";
  }

  // ---- the request -------------------------------------------------------------------------------------------

  async function run() {
    if (!state.image && !state.url) {
      return;
    }

    const sequence = ++state.sequence;
    const path = modelPath("invoke") + query();
    const request = state.image
      ? { method: "POST", headers: { "Content-Type": state.image.type, Accept: "application/json" }, body: state.image.blob }
      : { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify({ url: state.url }) };
    setStatus("Running…");
    showCurl(path);
    const started = performance.now();
    let response;
    let text;
    try {
      response = await fetch(path, request);
      text = await response.text();
    } catch (e) {
      if (sequence === state.sequence) setStatus("The request failed: " + e.message, true);
      return;
    }

    if (sequence !== state.sequence) {
      return; // a newer request has been sent since; its answer is the one to show
    }

    const roundTrip = performance.now() - started;
    $("raw").textContent = pretty(text);
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      // shown raw above
    }

    if (!response.ok || !body) {
      state.answer = null;
      clearResult();
      setStatus(`${response.status} ${body && body.title ? body.title : response.statusText}${body && body.detail ? ": " + body.detail : ""}`, true);
      return;
    }

    state.answer = body;
    const server = serverMilliseconds(response.headers.get("Server-Timing"));
    const count = body.classes.length;
    const what = body.task === "classification" ? `${count} top classes` : `${count} detection${count === 1 ? "" : "s"}`;
    setStatus(`${what} · ${body.width}×${body.height} · server ${server == null ? "?" : server.toFixed(1)} ms · round trip ${roundTrip.toFixed(0)} ms`);
    $("status").dataset.serverMs = server == null ? "" : String(server);
    draw(body);
    renderTable(body);
  }

  function serverMilliseconds(header) {
    const match = /(?:^|,)\s*app;dur=([0-9.]+)/.exec(header || "");
    return match ? Number(match[1]) : null;
  }

  // ---- drawing -----------------------------------------------------------------------------------------------

  function colour(classId) {
    const palette = (state.settings && state.settings.palette) || ["#ff3838"];
    return palette[((classId % palette.length) + palette.length) % palette.length];
  }

  function draw(answer) {
    const canvas = $("canvas");
    canvas.width = answer.width;
    canvas.height = answer.height;
    const g = canvas.getContext("2d");
    if (state.image && state.image.bitmap) {
      g.drawImage(state.image.bitmap, 0, 0, answer.width, answer.height);
    } else {
      g.fillStyle = "#777";
      g.fillRect(0, 0, canvas.width, canvas.height);
    }

    const scale = Math.max(1, Math.min(answer.width, answer.height) / 400);
    g.lineWidth = 2 * scale;
    g.font = `${Math.round(13 * scale)}px system-ui, sans-serif`;
    g.textBaseline = "top";
    if (answer.task === "classification") {
      if (answer.classes.length > 0) {
        label(g, `${answer.classes[0]} ${Math.round(answer.confidences[0] * 100)}%`, 0, 0, colour(answer.class_ids[0]), scale);
      }
      return;
    }

    answer.boxes.forEach(([x1, y1, x2, y2], i) => {
      const c = colour(answer.class_ids[i]);
      g.strokeStyle = c;
      g.strokeRect(x1, y1, x2 - x1, y2 - y1);
      const text = `${answer.classes[i]} ${Math.round(answer.confidences[i] * 100)}%`;
      const height = Math.round(17 * scale);
      label(g, text, x1, y1 - height >= 0 ? y1 - height : y1, c, scale);
    });
  }

  function label(g, text, x, y, background, scale) {
    const pad = 3 * scale;
    const width = g.measureText(text).width + 2 * pad;
    const height = Math.round(17 * scale);
    const left = Math.max(0, Math.min(x, g.canvas.width - width));
    g.fillStyle = background;
    g.fillRect(left, y, width, height);
    g.fillStyle = "#fff";
    g.fillText(text, left + pad, y + 2 * scale);
  }

  // ---- table and bars ----------------------------------------------------------------------------------------

  function wireTable() {
    for (const button of document.querySelectorAll("#detections th button")) {
      button.addEventListener("click", () => {
        const key = button.dataset.sort;
        state.sort = { key, direction: state.sort.key === key ? -state.sort.direction : key === "confidence" ? -1 : 1 };
        for (const other of document.querySelectorAll("#detections th button")) other.removeAttribute("aria-sort");
        button.setAttribute("aria-sort", state.sort.direction < 0 ? "descending" : "ascending");
        if (state.answer) renderTable(state.answer);
      });
    }
  }

  function renderTable(answer) {
    const classification = answer.task === "classification";
    $("detections").hidden = classification;
    $("bars").hidden = !classification;
    const rows = answer.classes.map((name, i) => ({
      index: i + 1, name, classId: answer.class_ids[i], confidence: answer.confidences[i], box: answer.boxes ? answer.boxes[i] : null,
    }));
    if (classification) {
      $("bars").replaceChildren(...rows.map((r) => {
        const bar = element("span", "");
        bar.className = "bar";
        bar.style.width = `${(r.confidence * 100).toFixed(1)}%`;
        bar.style.background = colour(r.classId);
        const track = element("span", "");
        track.append(bar);
        const item = element("li", "");
        item.append(element("span", r.name), track, element("span", r.confidence.toFixed(4)));
        return item;
      }));
      return;
    }

    const { key, direction } = state.sort;
    rows.sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) * direction);
    $("detections").tBodies[0].replaceChildren(...rows.map((r) => {
      const swatch = element("span", "");
      swatch.className = "swatch";
      swatch.style.background = colour(r.classId);
      const name = element("td", "");
      name.append(swatch, r.name);
      const row = element("tr", "");
      row.append(element("td", String(r.index)), name, element("td", r.confidence.toFixed(4)),
        element("td", r.box.map((v) => v.toFixed(1)).join(", ")));
      return row;
    }));
  }

  function clearResult() {
    $("detections").hidden = true;
    $("bars").hidden = true;
    $("detections").tBodies[0].replaceChildren();
    $("bars").replaceChildren();
  }

  // ---- curl --------------------------------------------------------------------------------------------------

  function showCurl(path) {
    const url = shellQuote(location.origin + path);
    $("curl").textContent = state.image
      ? `curl -s -H ${shellQuote("Content-Type: " + state.image.type)} --data-binary @${shellQuote(state.image.name)} ${url}`
      : `curl -s -H 'Content-Type: application/json' -d ${shellQuote(JSON.stringify({ url: state.url }))} ${url}`;
  }

  function shellQuote(text) {
    return "'" + String(text).replaceAll("'", "'\\''") + "'";
  }

  async function copyCurl() {
    const text = $("curl").textContent;
    try {
      await navigator.clipboard.writeText(text);
      $("copy-curl").textContent = "Copied";
    } catch {
      const range = document.createRange();
      range.selectNodeContents($("curl"));
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      $("copy-curl").textContent = "Selected: press Ctrl+C";
    }

    setTimeout(() => { $("copy-curl").textContent = "Copy"; }, 2000);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  function setStatus(text, error = false) {
    const status = $("status");
    status.textContent = text;
    status.classList.toggle("error", error);
  }

  function pretty(text) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  }

  function element(tag, text) {
    const e = document.createElement(tag);
    e.textContent = text;
    return e;
  }
})();
