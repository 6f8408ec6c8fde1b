// The demo page's forms: each built from its route's entry in the service's OpenAPI (a JSON body,
// a multipart form of files and its query parameters, or path and query parameters), read back
// into the request the route takes.

let components = {};  // the OpenAPI's schemas, which `$ref`s point into
const LONG_TEXT = 200;  // a string that may be longer than this many characters gets a text area

export function useSchemas(openapi) {
  components = (openapi.components && openapi.components.schemas) || {};
}

export function element(tag, attributes, ...children) {
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

// ---- schemas -----------------------------------------------------------------------------

function resolve(schema) {
  let resolved = schema || {};
  while (resolved.$ref) {
    const name = resolved.$ref.split("/").pop();
    resolved = components[name] || {};
  }
  const options = resolved.anyOf || resolved.oneOf;
  if (options) {  // Optional[X]: the form shows X
    const kept = options.map(resolve).filter((option) => option.type !== "null");
    if (kept.length === 1) return Object.assign({}, resolved, kept[0], { anyOf: undefined });
  }
  return resolved;
}

const SCALARS = ["choice", "check", "integer", "number", "text"];
const IMAGE_TYPES = "image/png,image/jpeg,image/webp";

const isFile = (schema) => schema.type === "string" && (schema.format === "binary" || schema.contentMediaType !== undefined);

function kindOf(schema) {
  if (isFile(schema)) return "file";
  if (schema.type === "array" && isFile(resolve(schema.items))) return "files";
  if (schema.enum || schema.const !== undefined) return "choice";
  if (schema.type === "boolean") return "check";
  if (schema.type === "integer" || schema.type === "number") return schema.type;
  if (schema.type === "array") {
    const items = resolve(schema.items);
    if (["integer", "number", "string"].includes(items.type)) return "list";
    if (columnsOf(items)) return "table";
    return columnsOf(items, ["longtext"]) ? "records" : "json";
  }
  if (schema.type === "object" || schema.properties) return "json";
  return schema.maxLength > LONG_TEXT ? "longtext" : "text";
}

// The columns of a list of flat records (an engine's cycles): each a scalar, else null. With
// `also` (["longtext"]), fields of those kinds count too (a resume: its id and its text).
function columnsOf(items, also = []) {
  const entries = Object.entries(items.properties || {}).map(([name, schema]) => [name, resolve(schema)]);
  const allowed = SCALARS.concat(also);
  const fits = ([, schema]) => allowed.includes(kindOf(schema));
  return entries.length && entries.every(fits)
    ? entries.map(([name, schema]) => ({ name, schema, required: (items.required || []).includes(name) }))
    : null;
}

function parametersOf(operation) {
  return (operation.parameters || []).map((parameter) => ({
    name: parameter.name, where: parameter.in, schema: resolve(parameter.schema),
    required: Boolean(parameter.required), description: parameter.description,
  }));
}

function fieldsOf(openapi, demo) {
  const operation = openapi.paths[demo.path][demo.method.toLowerCase()];
  const form = operation.requestBody && operation.requestBody.content["multipart/form-data"];
  if (form) {  // uploaded files (and the form's other fields), then the query's parameters
    const body = resolve(form.schema);
    const required = body.required || [];
    return Object.entries(body.properties || {}).map(([name, schema]) => ({
      name, where: "form", schema: resolve(schema), required: required.includes(name),
    })).concat(parametersOf(operation));
  }
  if (operation.requestBody) {
    const body = resolve(operation.requestBody.content["application/json"].schema);
    const required = body.required || [];
    return Object.entries(body.properties || {}).map(([name, schema]) => ({
      name, where: "body", schema: resolve(schema), required: required.includes(name),
    }));
  }
  return parametersOf(operation);
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
  if (kindOf(schema) === "longtext") parts.push("up to " + schema.maxLength.toLocaleString("en") + " characters");
  if (schema.maxItems !== undefined && kindOf(schema) === "records") {
    parts.push((schema.minItems ?? 0) + " to " + schema.maxItems + " of them");
  }
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
  if (kind === "file" || kind === "files") {
    return element("input", { id, type: "file", accept: IMAGE_TYPES, multiple: kind === "files" });
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
  if (kind === "records") return entriesFor(field, columnsOf(resolve(schema.items), ["longtext"]), value, id);
  if (kind === "longtext") {
    return element("textarea", { id, className: "prose", rows: 6, maxlength: schema.maxLength, text: value ?? "" });
  }
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

// A list of records with a long text (resumes) as one card each, numbered, with a text area for
// each long text; cards can be added (blank) up to the schema's most, and removed.
function entriesFor(field, columns, values, id) {
  const schema = field.schema;
  const list = element("ol", { className: "entries" });
  const add = element("button", { type: "button", className: "quiet", "data-action": "add", text: "Add one" });
  const noun = field.name.endsWith("s") ? field.name.slice(0, -1) : field.name;  // resumes: resume 1
  const renumber = () => {
    Array.from(list.children).forEach((entry, index) => {
      entry.querySelector(".entry-title").textContent = noun + " " + (index + 1);
      for (const input of entry.querySelectorAll("[data-part]")) {
        input.setAttribute("aria-label", noun + " " + (index + 1) + " " + input.dataset.part);
      }
      entry.querySelector("[data-action=remove]").disabled = list.children.length <= (schema.minItems ?? 1);
    });
    add.disabled = schema.maxItems !== undefined && list.children.length >= schema.maxItems;
  };
  const entryOf = (value) => {
    const inputs = columns.map((column) => {
      const input = inputFor(column, value ? value[column.name] : undefined, undefined);
      input.dataset.part = column.name;
      if (input.tagName === "TEXTAREA") input.rows = 4;  // several cards fit on a screen
      return element("div", { className: "part" }, element("span", { text: column.name }), input);
    });
    const remove = element("button", { type: "button", className: "quiet", "data-action": "remove", text: "Remove" });
    const entry = element("li", { className: "entry" },
      element("div", { className: "entry-head" }, element("span", { className: "entry-title" }), remove),
      inputs);
    remove.addEventListener("click", () => { entry.remove(); renumber(); });
    return entry;
  };
  const given = Array.isArray(values) && values.length ? values : [undefined];
  list.append(...given.map(entryOf));
  add.addEventListener("click", () => {
    const entry = entryOf(undefined);
    list.append(entry);
    renumber();
    entry.querySelector("[data-part]").focus();
  });
  renumber();
  const wrapper = element("div", { id, className: "entries-field", tabindex: "-1" }, list,
    element("div", { className: "rows" }, add));
  wrapper.columns = columns;
  wrapper.list = list;
  return wrapper;
}

// A file field as a drop zone: the file input, what to do, and a preview of the chosen image.
// `example`, a path of this service, gives the file it starts with; `loading` settles once it is
// in the input (or could not be had: the field is then empty, to choose or drop a file into).
function dropZone(input, example) {
  const preview = element("img", { className: "preview", alt: "", hidden: true });
  const name = element("span", { className: "file-name", text: "Choose an image, or drop one here" });
  const zone = element("div", { className: "drop" }, preview, element("div", {}, name, input));
  let shown = null;
  const show = () => {
    const file = input.files[0];
    if (shown) URL.revokeObjectURL(shown);
    shown = file ? URL.createObjectURL(file) : null;
    preview.hidden = !file;
    if (file) preview.src = shown;
    name.textContent = file
      ? Array.from(input.files).map((each) => each.name).join(", ") + " (" + sizeOf(input.files) + ")"
      : "Choose an image, or drop one here";
  };
  const place = (files) => {
    const transfer = new DataTransfer();
    for (const file of files) transfer.items.add(file);
    input.files = transfer.files;
    show();
  };
  input.addEventListener("change", show);
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    if (event.dataTransfer.files.length) place(input.multiple ? event.dataTransfer.files : [event.dataTransfer.files[0]]);
  });
  const loading = typeof example === "string" && example.startsWith("/")
    ? fetch(example).then((response) => (response.ok ? response.blob() : null))
      .then((blob) => { if (blob) place([new File([blob], example.split("/").pop(), { type: blob.type })]); })
      .catch(() => undefined)
    : Promise.resolve();
  return { zone, loading };
}

function sizeOf(files) {
  const bytes = Array.from(files).reduce((total, file) => total + file.size, 0);
  return bytes < 10_000 ? bytes + " bytes" : Math.round(bytes / 1024).toLocaleString("en") + " KB";
}

// The form's fields in `container`, filled with the demo's example; returns them for reading
// (a file field's `loading` settles once its example file is in place).
export function buildForm(openapi, demo, container) {
  container.replaceChildren();
  const described = fieldsOf(openapi, demo);
  const hints = described.map(hintOf);
  const repeated = (hint) => hints.filter((other) => other === hint).length > 3;
  return described.map((field, index) => {
    const id = "field-" + index;
    const kind = kindOf(field.schema);
    const input = inputFor(field, demo.example[field.name], id);
    input.dataset.field = field.name;
    if (hints[index]) input.title = hints[index];
    const upload = kind === "file" || kind === "files" ? dropZone(input, demo.example[field.name]) : null;
    const wide = ["json", "table", "records", "longtext", "file", "files"].includes(kind);
    const hint = repeated(hints[index]) ? "" : hints[index];  // said once a field is enough
    container.append(element("div", { className: wide ? "field wide" : "field" },
      element("label", { for: id, text: field.name }),
      upload ? upload.zone : input,
      hint ? element("small", { text: hint }) : null));
    return Object.assign({ input, loading: upload ? upload.loading : null }, field);
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

// Each card's record (a part left empty and optional is left out).
function readEntries(field) {
  const { columns, list } = field.input;
  return Array.from(list.children).map((entry, index) => {
    const inputs = Array.from(entry.querySelectorAll("[data-part]"));
    const where = field.name + " " + (index + 1);
    const record = {};
    columns.forEach((column, position) => {
      const part = Object.assign({}, column, { input: inputs[position], name: where + " " + column.name });
      const [present, value] = readField(part);
      if (present) record[column.name] = value;
    });
    return record;
  });
}

function readField(field) {
  const kind = kindOf(field.schema);
  if (kind === "file" || kind === "files") {
    if (!field.input.files.length) {
      if (field.required) throw new Error(field.name + ": choose or drop an image");
      return [false, undefined];
    }
    return [true, kind === "file" ? field.input.files[0] : Array.from(field.input.files)];
  }
  if (kind === "table") return [true, readTable(field)];
  if (kind === "records") return [true, readEntries(field)];
  const raw = field.input.value;
  if (kind === "check") return [true, field.input.checked];
  if (kind === "choice") {
    const choices = field.schema.enum || [field.schema.const];
    return [true, choices.find((choice) => String(choice) === raw)];
  }
  if (raw.trim() === "" && kind !== "text" && kind !== "longtext") {
    if (field.required) throw new Error(field.name + ": fill it in");
    return [false, undefined];
  }
  if (kind === "integer" || kind === "number") {
    const number = Number(raw);
    if (!Number.isFinite(number)) throw new Error(field.name + ": not a number");
    return [true, number];
  }
  if (kind === "list") {
    if (resolve(field.schema.items).type === "string") {  // words may hold spaces: "machine learning"
      return [true, raw.split(/[,;\n]+/).map((item) => item.trim()).filter(Boolean)];
    }
    return [true, raw.split(/[\s,;]+/).filter(Boolean).map(Number)];
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

// What a form's body shows as JSON: each file by its name, type and size.
const described = (value) => (value instanceof File
  ? value.name + " (" + (value.type || "unknown type") + ", " + value.size + " bytes)"
  : Array.isArray(value) ? value.map(described) : value);

// The request the form says: its URL, its fetch options, and its body as JSON shows it (null for
// a GET). A form with files is sent as multipart/form-data, its boundary set by the browser.
export function buildRequest(demo, fields) {
  let url = demo.path;
  const query = new URLSearchParams();
  const body = {};
  const form = new FormData();
  let multipart = false;
  for (const field of fields) {
    const [present, value] = readField(field);
    if (!present) continue;
    if (field.where === "path") url = url.replace("{" + field.name + "}", encodeURIComponent(value));
    else if (field.where === "query") query.set(field.name, String(value));
    else body[field.name] = value;
    if (field.where === "form") {
      multipart = true;
      for (const each of Array.isArray(value) ? value : [value]) form.append(field.name, each instanceof File ? each : String(each));
    }
  }
  const search = query.toString();
  if (search) url += "?" + search;
  const init = { method: demo.method, headers: { Accept: "application/json" } };
  if (multipart) {
    init.body = form;
  } else if (demo.method !== "GET") {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const shown = Object.fromEntries(Object.entries(body).map(([name, value]) => [name, described(value)]));
  return { url, init, body: demo.method === "GET" ? null : shown };
}
