// The demo page: reads what to show (/demo/demos.json) and the service's OpenAPI, builds one form
// per demo from its route's schema, sends it like any client would, and draws the answer.
// Plain browser JavaScript modules: no library, no build step; text is only ever set as text.

import { RENDERERS, renderProblems } from "./answers.js";
import { buildForm, buildRequest, element, useSchemas } from "./form.js";

const byId = (id) => document.getElementById(id);
const state = { openapi: null, demos: [], current: null, fields: [], sent: 0 };

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(url + " answered " + response.status);
  return response.json();
}

async function submit(event) {
  if (event) event.preventDefault();
  const demo = state.current;
  const target = byId("answer");
  const sent = ++state.sent;
  await Promise.all(state.fields.map((field) => field.loading));  // an example file still arriving
  if (sent !== state.sent) return;
  let request;
  try {
    request = buildRequest(demo, state.fields);
  } catch (error) {
    target.dataset.state = "error";
    target.replaceChildren(element("p", { className: "verdict problem", "data-role": "problem", text: error.message }));
    return;
  }
  target.dataset.state = "loading";
  byId("submit").disabled = true;
  byId("route").textContent = demo.method + " " + request.url;
  byId("raw-request").textContent = request.body === null ? "(no body)" : JSON.stringify(request.body, null, 2);
  try {
    const response = await fetch(request.url, request.init);
    const text = await response.text();
    let answer = null;
    try { answer = JSON.parse(text); } catch (_) { answer = { detail: text }; }
    if (sent !== state.sent) return;  // a newer request was sent meanwhile
    byId("raw-response").textContent = response.status + "\n" + JSON.stringify(answer, null, 2);
    target.replaceChildren(...(response.ok
      ? RENDERERS[demo.renderer](answer, demo.answer)
      : renderProblems(response.status, answer)));
    target.dataset.state = response.ok ? "done" : "refused";
  } catch (error) {
    target.dataset.state = "error";
    target.replaceChildren(element("p", { className: "verdict problem", text: "No answer: " + error.message }));
  } finally {
    byId("submit").disabled = false;
  }
}

function choose(index) {
  const demo = state.demos[index];
  state.current = demo;
  for (const [position, tab] of Array.from(byId("tabs").children).entries()) {
    tab.setAttribute("aria-selected", String(position === index));
  }
  byId("form-title").textContent = demo.title;
  byId("form-lead").textContent = demo.description;
  state.fields = buildForm(state.openapi, demo, byId("fields"));
  submit();
}

async function start() {
  const [declared, openapi] = await Promise.all([getJson("/demo/demos.json"), getJson("/openapi.json")]);
  state.openapi = openapi;
  useSchemas(openapi);
  state.demos = declared.demos;
  document.title = declared.title + " \u00b7 demo";
  byId("project").textContent = declared.title;
  const ready = await fetch("/ready").then((response) => response.json()).catch(() => ({}));
  byId("status").textContent = ready.status === "ready"
    ? "model " + ready.model_version
    : "model not loaded: " + (ready.reason || "no answer");
  byId("status").className = "status " + (ready.status === "ready" ? "ok" : "bad");
  if (!state.demos.length) {
    byId("form-title").textContent = "Nothing to try here yet";
    byId("form").hidden = true;
    return;
  }
  byId("tabs").replaceChildren(...state.demos.map((demo, index) => {
    const tab = element("button", { type: "button", role: "tab", text: demo.title });
    tab.addEventListener("click", () => choose(index));
    return tab;
  }));
  byId("tabs").hidden = state.demos.length < 2;
  byId("form").addEventListener("submit", submit);
  byId("reset").addEventListener("click", () => choose(state.demos.indexOf(state.current)));
  choose(0);
}

start().catch((error) => {
  byId("status").textContent = "The page could not start: " + error.message;
  byId("status").className = "status bad";
});
