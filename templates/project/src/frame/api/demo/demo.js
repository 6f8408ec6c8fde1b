// The demo page: reads what to show (/demo/demos.json) and the service's OpenAPI, builds one form
// per demo from its route's schema, sends it like any client would, and draws the answer.
// Plain browser JavaScript: no library, no build step; text is only ever set as text.
"use strict";

(function () {
  const byId = (id) => document.getElementById(id);
  const state = { openapi: null, demos: [], current: null, fields: [], sent: 0 };

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "className") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("data-")) node.setAttribute(name, String(value));
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + " answered " + response.status);
    return response.json();
  }

  // ---- schemas -----------------------------------------------------------------------------

  function resolve(schema) {
    let resolved = schema || {};
    while (resolved.$ref) {
      const name = resolved.$ref.split("/").pop();
      resolved = state.openapi.components.schemas[name] || {};
    }
    const options = resolved.anyOf || resolved.oneOf;
    if (options) {  // Optional[X]: the form shows X
      const kept = options.map(resolve).filter((option) => option.type !== "null");
      if (kept.length === 1) return Object.assign({}, resolved, kept[0], { anyOf: undefined });
    }
    return resolved;
  }

  function kindOf(schema) {
    if (schema.enum || schema.const !== undefined) return "choice";
    if (schema.type === "boolean") return "check";
    if (schema.type === "integer" || schema.type === "number") return schema.type;
    if (schema.type === "array") {
      const items = resolve(schema.items);
      if (["integer", "number", "string"].includes(items.type)) return "list";
      return columnsOf(items) ? "table" : "json";
    }
    if (schema.type === "object" || schema.properties) return "json";
    return "text";
  }

  // The columns of a list of flat records (an engine's cycles): each a scalar, else null.
  function columnsOf(items) {
    const entries = Object.entries(items.properties || {}).map(([name, schema]) => [name, resolve(schema)]);
    const scalar = ([, schema]) => ["choice", "check", "integer", "number", "text"].includes(kindOf(schema));
    return entries.length && entries.every(scalar)
      ? entries.map(([name, schema]) => ({ name, schema, required: (items.required || []).includes(name) }))
      : null;
  }

  function fieldsOf(demo) {
    const operation = state.openapi.paths[demo.path][demo.method.toLowerCase()];
    if (operation.requestBody) {
      const body = resolve(operation.requestBody.content["application/json"].schema);
      const required = body.required || [];
      return Object.entries(body.properties || {}).map(([name, schema]) => ({
        name, where: "body", schema: resolve(schema), required: required.includes(name),
      }));
    }
    return (operation.parameters || []).map((parameter) => ({
      name: parameter.name, where: parameter.in, schema: resolve(parameter.schema),
      required: Boolean(parameter.required), description: parameter.description,
    }));
  }

  // ---- the form ----------------------------------------------------------------------------

  function hintOf(field) {
    const schema = field.schema;
    const parts = [];
    const low = schema.minimum ?? schema.exclusiveMinimum;
    const high = schema.maximum ?? schema.exclusiveMaximum;
    if (low !== undefined && high !== undefined) parts.push(low + " to " + high);
    else if (low !== undefined) parts.push("from " + low);
    else if (high !== undefined) parts.push("up to " + high);
    const description = field.description || schema.description;
    if (description) parts.push(description);
    if (kindOf(schema) === "list") parts.push("separated by commas");
    return parts.join("; ");
  }

  function inputFor(field, value, id) {
    const schema = field.schema;
    const kind = kindOf(schema);
    if (kind === "choice") {
      const choices = schema.enum || [schema.const];
      return element("select", { id },
        choices.map((choice) => element("option",
          { value: String(choice), selected: choice === value, text: String(choice) })));
    }
    if (kind === "check") return element("input", { id, type: "checkbox", checked: value === true });
    if (kind === "integer" || kind === "number") {
      return element("input", {
        id, type: "number", inputmode: "decimal", step: kind === "integer" ? "1" : "any",
        min: schema.minimum, max: schema.maximum, value: value ?? "",
      });
    }
    if (kind === "list") {
      return element("input", { id, type: "text", value: (value || []).join(", ") });
    }
    if (kind === "table") return tableFor(columnsOf(resolve(schema.items)), value || [], id);
    if (kind === "json") {
      const text = Array.isArray(value)
        ? "[\n" + value.map((item) => "  " + JSON.stringify(item)).join(",\n") + "\n]"
        : JSON.stringify(value ?? null, null, 2);
      return element("textarea", { id, rows: 8, spellcheck: "false", text });
    }
    return element("input", { id, type: "text", maxlength: schema.maxLength, value: value ?? "" });
  }

  // A list of records as a grid of inputs, one row per record (rows can be dropped).
  function tableFor(columns, rows, id) {
    const body = element("tbody", {}, rows.map((row, index) => element("tr", {},
      element("th", { scope: "row", text: String(index + 1) }),
      columns.map((column) => {
        const cell = inputFor(column, row[column.name], undefined);
        cell.setAttribute("aria-label", column.name + ", row " + (index + 1));
        return element("td", {}, cell);
      }))));
    const count = element("span", { className: "count" });
    const recount = () => { count.textContent = body.rows.length + " rows"; };
    const drop = (first) => {
      if (body.rows.length > 1) body.rows[first ? 0 : body.rows.length - 1].remove();
      recount();
    };
    recount();
    const wrapper = element("div", { id, className: "table", tabindex: "-1" },
      element("div", { className: "scroll" },
        element("table", {},
          element("thead", {}, element("tr", {}, element("th", { text: "#" }),
            columns.map((column) => element("th", { scope: "col", text: column.name })))),
          body)),
      element("div", { className: "rows" }, count,
        element("button", { type: "button", className: "quiet", text: "Drop the first row" }),
        element("button", { type: "button", className: "quiet", text: "Drop the last row" })));
    const [first, last] = wrapper.querySelectorAll(".rows button");
    first.addEventListener("click", () => drop(true));
    last.addEventListener("click", () => drop(false));
    wrapper.columns = columns;
    wrapper.body = body;
    return wrapper;
  }

  function buildForm(demo) {
    const fields = byId("fields");
    fields.replaceChildren();
    const described = fieldsOf(demo);
    const hints = described.map(hintOf);
    const repeated = (hint) => hints.filter((other) => other === hint).length > 3;
    state.fields = described.map((field, index) => {
      const id = "field-" + index;
      const input = inputFor(field, demo.example[field.name], id);
      input.dataset.field = field.name;
      if (hints[index]) input.title = hints[index];
      const wide = ["json", "table"].includes(kindOf(field.schema));
      const hint = repeated(hints[index]) ? "" : hints[index];  // said once a field is enough
      fields.append(element("div", { className: wide ? "field wide" : "field" },
        element("label", { for: id, text: field.name }),
        input,
        hint ? element("small", { text: hint }) : null));
      return Object.assign({ input }, field);
    });
  }

  function readTable(field) {
    const { columns, body } = field.input;
    return Array.from(body.rows).map((row, index) => {
      const record = {};
      const inputs = row.querySelectorAll("input, select");
      columns.forEach((column, position) => {
        const cell = Object.assign({}, column, { input: inputs[position], name: field.name + " row " + (index + 1) + " " + column.name });
        const [present, value] = readField(cell);
        if (present) record[column.name] = value;
      });
      return record;
    });
  }

  function readField(field) {
    const kind = kindOf(field.schema);
    if (kind === "table") return [true, readTable(field)];
    const raw = field.input.value;
    if (kind === "check") return [true, field.input.checked];
    if (kind === "choice") {
      const choices = field.schema.enum || [field.schema.const];
      return [true, choices.find((choice) => String(choice) === raw)];
    }
    if (raw.trim() === "" && kind !== "text") {
      if (field.required) throw new Error(field.name + ": fill it in");
      return [false, undefined];
    }
    if (kind === "integer" || kind === "number") {
      const number = Number(raw);
      if (!Number.isFinite(number)) throw new Error(field.name + ": not a number");
      return [true, number];
    }
    if (kind === "list") {
      const itemKind = resolve(field.schema.items).type;
      const items = raw.split(/[\s,;]+/).filter(Boolean);
      return [true, itemKind === "string" ? items : items.map(Number)];
    }
    if (kind === "json") {
      try {
        return [true, JSON.parse(raw)];
      } catch (error) {
        throw new Error(field.name + ": not valid JSON (" + error.message + ")");
      }
    }
    if (raw === "" && !field.required) return [false, undefined];
    return [true, raw];
  }

  function buildRequest(demo) {
    let url = demo.path;
    const query = new URLSearchParams();
    const body = {};
    for (const field of state.fields) {
      const [present, value] = readField(field);
      if (!present) continue;
      if (field.where === "path") url = url.replace("{" + field.name + "}", encodeURIComponent(value));
      else if (field.where === "query") query.set(field.name, String(value));
      else body[field.name] = value;
    }
    const search = query.toString();
    if (search) url += "?" + search;
    const init = { method: demo.method, headers: { Accept: "application/json" } };
    if (demo.method !== "GET") {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return { url, init, body: demo.method === "GET" ? null : body };
  }

  // ---- answers -----------------------------------------------------------------------------

  const percent = (value) => (100 * value).toFixed(1) + "%";
  // A probability as a person reads it: never "100.0%" for 0.9999995, nor "0.0%" for 0.0000004.
  const chance = (value) => (value > 0.999 ? "> 99.9%" : value < 0.001 ? "< 0.1%" : percent(value));
  const words = (name) => String(name).replace(/_/g, " ");

  function meter(fraction, className, marker) {
    const clamped = Math.max(0, Math.min(1, fraction));
    const bar = element("div", { className: "meter " + (className || "") },
      element("div", { className: "fill", style: undefined }));
    bar.firstChild.style.width = (100 * clamped).toFixed(2) + "%";
    if (marker !== undefined) {
      const tick = element("div", { className: "tick", title: marker.label },
        element("span", { text: marker.label }));
      const at = Math.max(0, Math.min(1, marker.at));
      tick.style.left = (100 * at).toFixed(2) + "%";
      if (at < 0.15) tick.classList.add("start");  // keep the label inside the bar's width
      if (at > 0.85) tick.classList.add("end");
      bar.append(tick);
    }
    return bar;
  }

  function renderProbability(answer, roles) {
    const probability = answer[roles.probability];
    const threshold = roles.threshold ? answer[roles.threshold] : undefined;
    const decision = roles.decision ? answer[roles.decision] : undefined;
    const positive = decision === undefined
      ? threshold !== undefined && probability >= threshold
      : decision === true || decision === "Yes";
    const verdict = positive ? roles.positive || "Yes" : roles.negative || "No";
    const parts = [
      element("p", { className: "verdict " + (positive ? "positive" : "negative"),
        "data-role": "decision", "data-value": JSON.stringify(decision ?? positive), text: verdict }),
      element("p", { className: "big" },
        element("span", { "data-role": "probability", "data-value": probability,
          text: chance(probability) }),
        element("small", { text: " " + words(roles.probability) })),
      meter(probability, positive ? "positive" : "negative",
        threshold === undefined ? undefined : { at: threshold, label: "threshold " + percent(threshold) }),
    ];
    if (threshold !== undefined) {
      parts.push(element("p", { className: "note", text:
        "At or above the threshold of " + percent(threshold) + " the answer is \u201c" +
        (roles.positive || "Yes") + "\u201d." }));
    }
    const reasons = roles.reasons ? answer[roles.reasons] : undefined;
    if (Array.isArray(reasons) && reasons.length) parts.push(renderReasons(reasons, roles));
    return parts;
  }

  function renderReasons(reasons, roles) {
    const largest = Math.max(...reasons.map((reason) => Math.abs(reason.contribution))) || 1;
    const rows = reasons.map((reason) => {
      const value = reason.contribution;
      const bar = element("div", { className: "diverging" },
        element("div", { className: value >= 0 ? "up" : "down" }));
      bar.firstChild.style.width = (50 * Math.abs(value) / largest).toFixed(2) + "%";
      return element("li", { "data-role": "reason", "data-feature": reason.feature, "data-value": value },
        element("span", { className: "name", text: reason.feature }),
        bar,
        element("span", { className: "number", text: (value >= 0 ? "+" : "") + value.toFixed(2) }));
    });
    return element("div", { className: "reasons" },
      element("h3", { text: "Top reasons" }),
      element("p", { className: "note", text: "How much each input moved the score (log-odds): " +
        "to the right towards \u201c" + (roles.positive || "Yes") + "\u201d, to the left away from it." }),
      element("ol", {}, rows));
  }

  function renderRanking(answer, roles) {
    const items = answer[roles.items] || [];
    const titleOf = roles.title || "title";
    const scoreOf = roles.score || "score";
    const parts = [];
    if (roles.subject && answer[roles.subject] !== undefined) {
      parts.push(element("p", { className: "subject" }, "Like ",
        element("strong", { "data-role": "subject", text: answer[roles.subject] })));
    }
    if (roles.flag && answer[roles.flag]) {
      parts.push(element("p", { className: "badge", "data-role": "flag",
        text: roles.flag_text || words(roles.flag) }));
    }
    if (!items.length) {
      const reason = roles.empty ? answer[roles.empty] : undefined;
      parts.push(element("p", { className: "hint", "data-role": "empty", text: reason || "No items to show." }));
      return parts;
    }
    const scores = items.map((item) => Number(item[scoreOf]) || 0);
    const top = Math.max(...scores.map(Math.abs)) || 1;
    parts.push(element("ol", { className: "ranking" }, items.map((item, index) => {
      const details = roles.details ? item[roles.details] : undefined;
      return element("li", { "data-role": "item" },
        element("span", { className: "rank", text: String(index + 1) }),
        element("div", { className: "what" },
          element("span", { className: "title", "data-role": "title", text: item[titleOf] }),
          details === undefined ? null : element("small", {
            text: Array.isArray(details) ? details.join(" \u00b7 ") : String(details) }),
          meter(Math.max(0, scores[index]) / top, "score")),
        element("span", { className: "number", "data-role": "score", "data-value": item[scoreOf],
          text: scores[index].toFixed(3) }));
    })));
    return parts;
  }

  function renderEstimate(answer, roles) {
    const value = answer[roles.value];
    const cap = roles.cap ? answer[roles.cap] : undefined;
    const unit = roles.unit || "";
    const capped = cap !== undefined && value >= cap;
    const parts = [
      element("p", { className: "big" },
        capped ? element("small", { text: "at least " }) : null,
        element("span", { "data-role": "value", "data-value": value, text: value.toFixed(1) }),
        element("small", { text: " " + unit + (roles.after ? " left" : "") })),
    ];
    if (roles.after && answer[roles.after] !== undefined) {
      parts.push(element("p", { className: "note", text: "after " + words(roles.after) + " " + answer[roles.after] }));
    }
    if (cap !== undefined) {
      parts.push(meter(value / cap, "estimate", { at: 1, label: String(cap) }));
      parts.push(element("p", { className: "note", text: "The model counts at most " + cap + " " + unit +
        " (" + words(roles.cap) + "): a value there means at least that many." }));
    }
    return parts;
  }

  const RENDERERS = { probability: renderProbability, ranking: renderRanking, estimate: renderEstimate };

  function renderProblems(status, answer) {
    const detail = answer && answer.detail;
    const title = element("p", { className: "verdict problem", text: "The service refused the request (" + status + ")" });
    if (Array.isArray(detail)) {
      return [title, element("ul", { className: "problems" }, detail.map((problem) =>
        element("li", { "data-role": "problem" },
          element("strong", { text: problem.loc.filter((part) => part !== "body").join(".") }),
          ": " + problem.msg)))];
    }
    return [title, element("p", { "data-role": "problem", text: typeof detail === "string" ? detail : "" })];
  }

  // ---- sending -----------------------------------------------------------------------------

  async function submit(event) {
    if (event) event.preventDefault();
    const demo = state.current;
    const target = byId("answer");
    const sent = ++state.sent;
    let request;
    try {
      request = buildRequest(demo);
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
    buildForm(demo);
    submit();
  }

  async function start() {
    const [declared, openapi] = await Promise.all([getJson("/demo/demos.json"), getJson("/openapi.json")]);
    state.openapi = openapi;
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
})();
