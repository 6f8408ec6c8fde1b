// The demo page's ways to draw an answer (`Demo.renderer`), each reading the answer's fields
// through the demo's roles (`Demo.answer`); and how a refusal reads.

import { element } from "./form.js";

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
      element("span", { className: "name", text: reason.label || reason.feature }),
      bar,
      element("span", { className: "number", text: (value >= 0 ? "+" : "") + value.toFixed(2) }));
  });
  return element("div", { className: "reasons" },
    element("h3", { text: "Top reasons" }),
    element("p", { className: "note", text: "How much each input moved the score (log-odds): " +
      "to the right towards \u201c" + (roles.positive || "Yes") + "\u201d, to the left away from it." }),
    element("ol", {}, rows));
}

// An item's details as one line: a list joined, a record of numbers as "name 0.42 · ...".
function detailText(details) {
  if (Array.isArray(details)) return details.join(" \u00b7 ");
  if (typeof details === "object") {
    return Object.entries(details).map(([name, value]) =>
      words(name) + " " + (typeof value === "number" ? value.toFixed(2) : String(value))).join(" \u00b7 ");
  }
  return String(details);
}

// Skills as chips (`role` "matched" or "missing"); a matched skill's evidence, the words it was
// found in, is listed under the chips.
function renderSkills(found, role) {
  if (!Array.isArray(found)) return null;
  const nameOf = (skill) => (typeof skill === "string" ? skill : skill.skill);
  const chips = found.length
    ? found.map((skill) => element("span", { className: "chip " + role, "data-role": role, text: nameOf(skill) }))
    : [element("span", { className: "none", text: "none" })];
  const line = element("div", { className: "skills" },
    element("span", { className: "label", text: role === "matched" ? "Matched" : "Missing" }), chips);
  const evidence = found.filter((skill) => typeof skill === "object" && skill.evidence);
  if (!evidence.length) return line;
  return [line, element("details", { className: "evidence" },
    element("summary", { text: "Where each matched skill was found" }),
    element("ul", {}, evidence.map((skill) => element("li", { "data-role": "evidence" },
      element("strong", { text: skill.skill }), " \u2014 \u201c" + skill.evidence + "\u201d"))))];
}

function renderRanking(answer, roles) {
  const items = answer[roles.items] || [];
  const titleOf = roles.title || "title";
  const scoreOf = roles.score || "score";
  const parts = [];
  if (roles.notice && answer[roles.notice]) {
    parts.push(element("p", { className: "notice", "data-role": "notice", text: answer[roles.notice] }));
  }
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
  const whole = scores.every(Number.isInteger);  // counts (mentions), shown as counts
  parts.push(element("ol", { className: "ranking" }, items.map((item, index) => {
    const details = roles.details ? item[roles.details] : undefined;
    return element("li", { "data-role": "item" },
      element("span", { className: "rank", text: String(index + 1) }),
      element("div", { className: "what" },
        element("span", { className: "title", "data-role": "title", text: item[titleOf] }),
        details === undefined || details === null ? null : element("small", { text: detailText(details) }),
        meter(Math.max(0, scores[index]) / top, "score"),
        roles.matched ? renderSkills(item[roles.matched], "matched") : null,
        roles.missing ? renderSkills(item[roles.missing], "missing") : null),
      element("span", { className: "number", "data-role": "score", "data-value": item[scoreOf],
        text: whole ? String(scores[index]) : scores[index].toFixed(3) }));
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

// The most probable classes, best first, each a bar of its probability; and the model's version.
function renderClasses(answer, roles) {
  const items = answer[roles.items] || [];
  const labelOf = roles.label || "label";
  const probabilityOf = roles.probability || "probability";
  const parts = [];
  if (!items.length) {
    parts.push(element("p", { className: "hint", text: "The answer holds no classes." }));
  } else {
    parts.push(element("p", { className: "verdict best", text: words(items[0][labelOf]) }));
    parts.push(element("ol", { className: "classes" }, items.map((item) => {
      const probability = Number(item[probabilityOf]) || 0;
      return element("li", { "data-role": "class" },
        element("span", { className: "name", "data-role": "label", text: item[labelOf] }),
        meter(probability, "score"),
        element("span", { className: "number", "data-role": "probability", "data-value": item[probabilityOf],
          text: chance(probability) }));
    })));
  }
  if (roles.version && answer[roles.version] !== undefined) {
    parts.push(element("p", { className: "note" }, "Model version ",
      element("code", { "data-role": "version", text: answer[roles.version] })));
  }
  return parts;
}

export const RENDERERS = {
  probability: renderProbability, ranking: renderRanking, estimate: renderEstimate, classes: renderClasses,
};

export function renderProblems(status, answer) {
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
