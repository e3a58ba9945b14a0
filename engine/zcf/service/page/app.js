// The self-check page: talks only to this server's /v1 API; no external assets.
"use strict";

const T = {
  "zh-CN": {
    skip: "跳到正文", title: "零碳工厂自检", langHint: "切换界面语言", step1: "1. 选择评价方案并上传数据",
    scheme: "评价方案", all: "所有适用的方案", asOf: "评价日期（申请日）",
    asOfHint: "决定适用的标准版本与因子；留空则取核算期末", template: "下载 Excel 数据模板",
    templateExample: "下载填好示例的模板", file: "申报数据（JSON 或 Excel）", apiKey: "API 密钥",
    gaps: "计算“还差什么”（较慢）", run: "评价", footer: "结果仅供自检参考；正式评价以主管部门与第三方机构为准。",
    working: "正在评价……", done: "评价完成。", noFile: "请先选择一个 JSON 或 Excel 文件。",
    verdict: "结论", grade: "等级", none: "未达到任何等级", compliant: "全部门槛与要求满足",
    notCompliant: "未满足全部门槛与要求", score: "得分", clauses: "条款逐项结果", clause: "条款",
    status: "结论", message: "说明", missing: "缺少的数据", missingNone: "没有缺少的数据。",
    field: "字段（JSON 指针）", neededBy: "需要它的条款", gapsTitle: "还差什么", gapsNone: "没有可计算的差距。",
    download: "下载报告", problems: "提交的数据有问题", lang: "English",
    st: { pass: "通过", fail: "不通过", indeterminate: "不确定", not_applicable: "不适用", manual_review: "需人工审核" },
  },
  en: {
    skip: "Skip to content", title: "Zero-carbon factory self-check", langHint: "Switch the page language",
    step1: "1. Choose a scheme and upload your data", scheme: "Scheme", all: "Every scheme that applies",
    asOf: "As-of date (the date you apply)", asOfHint: "Picks the standard's edition and factors; empty = end of the reporting period",
    template: "Download the Excel template", templateExample: "Download the template filled with an example",
    file: "Submission (JSON or Excel)", apiKey: "API key", gaps: "Work out what it would take (slower)",
    run: "Evaluate", footer: "For self-checking only; the authorities and accredited bodies make the formal evaluation.",
    working: "Evaluating…", done: "Evaluation finished.", noFile: "Choose a JSON or Excel file first.",
    verdict: "Verdict", grade: "Grade", none: "No grade reached", compliant: "Every gate and requirement met",
    notCompliant: "Not every gate and requirement met", score: "Score", clauses: "Clause by clause", clause: "Clause",
    status: "Status", message: "Message", missing: "Missing data", missingNone: "No data missing.",
    field: "Field (JSON pointer)", neededBy: "Needed by", gapsTitle: "What it would take", gapsNone: "No gap could be worked out.",
    download: "Download the report", problems: "The submitted data has problems", lang: "中文",
    st: { pass: "pass", fail: "fail", indeterminate: "indeterminate", not_applicable: "not applicable", manual_review: "manual review" },
  },
};
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const state = { lang: "zh-CN", health: null, rulesets: [], results: null, problem: null };
const $ = (id) => document.getElementById(id);
const t = (key) => T[state.lang][key];
const txt = (text) => (text && typeof text === "object" ? text[state.lang] || text["zh-CN"] || text.en : text || "");

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

function headers(extra = {}) {
  const key = $("apikey").value;
  return key ? { ...extra, "X-API-Key": key } : extra;
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = t("title") + " · zcf";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  $("lang").textContent = t("lang");
  fillSchemes();
  render();
}

function fillSchemes() {
  const select = $("scheme");
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "all" }, t("all")));
  const seen = new Set();
  for (const r of state.rulesets) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    select.append(el("option", { value: r.id }, `${r.id} — ${txt(r.title)}`));
  }
  if (chosen) select.value = chosen;
}

function templateRuleset() {
  const id = $("scheme").value;
  return id === "all" ? "zcf-cn-general" : id;
}

async function download(url, init, fallbackName) {
  const response = await fetch(url, init);
  if (!response.ok) return showProblem(await response.json());
  const blob = await response.blob();
  const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
  const link = el("a", { href: URL.createObjectURL(blob), download: match ? match[1] : fallbackName });
  document.body.append(link);
  link.click();
  link.remove();
}

function evaluateUrl(format) {
  const params = new URLSearchParams({ ruleset: $("scheme").value, lang: state.lang, format });
  if ($("asof").value) params.set("as_of", $("asof").value);
  if ($("gaps").checked && format === "json") params.set("gaps", "true");
  return "/v1/evaluate?" + params;
}

async function body() {
  const file = $("file").files[0];
  if (!file) return null;
  const type = file.name.toLowerCase().endsWith(".xlsx") ? XLSX : "application/json";
  return { data: await file.arrayBuffer(), type, name: file.name };
}

async function run(event) {
  event.preventDefault();
  const input = await body();
  if (!input) { $("status").textContent = t("noFile"); return; }
  state.results = null; state.problem = null;
  $("out").setAttribute("aria-busy", "true");
  $("status").textContent = t("working");
  render();
  try {
    const response = await fetch(evaluateUrl("json"), { method: "POST", body: input.data, headers: headers({ "Content-Type": input.type }) });
    const data = await response.json();
    if (response.ok) state.results = data.results; else state.problem = data;
  } catch (err) {
    state.problem = { title: "network", detail: String(err), errors: [] };
  }
  $("out").setAttribute("aria-busy", "false");
  $("status").textContent = state.results ? t("done") : "";
  render();
  $("out").focus();
}

function showProblem(problem) { state.problem = problem; render(); }

function render() {
  const error = $("error");
  const out = $("results");
  out.replaceChildren();
  error.hidden = !state.problem;
  error.replaceChildren();
  if (state.problem) {
    const p = state.problem;
    error.append(el("h2", {}, state.problem.errors && state.problem.errors.length ? t("problems") : p.title || "error"),
      el("p", {}, p.detail || ""));
    if (p.hint) error.append(el("p", { class: "hint" }, p.hint));
    if (p.errors && p.errors.length) {
      const list = el("ul", { id: "problem-list" });
      for (const e of p.errors) list.append(el("li", {}, el("code", {}, e.pointer || "/"), " ", e.message));
      error.append(list);
    }
  }
  if (!state.results) return;
  for (const result of state.results) out.append(renderResult(result));
  out.append(renderDownloads());
}

function renderResult(r) {
  const v = r.verdict;
  const section = el("section", { class: "result", "aria-label": `${r.ruleset.id}@${r.ruleset.version}` });
  const box = el("div", { class: "verdict " + (v.compliant ? "pass" : "fail") });
  box.append(el("h2", {}, `${t("verdict")}: ${r.ruleset.id}@${r.ruleset.version}`),
    el("p", { class: "grade" }, `${t("grade")}: `, el("span", { class: "grade-value" }, v.grade ? txt(v.grade_title) || v.grade : t("none"))),
    el("p", {}, v.compliant ? t("compliant") : t("notCompliant")));
  if (r.score && Number(r.score.maximum) > 0) box.append(el("p", {}, `${t("score")}: ${r.score.total} / ${r.score.maximum}`));
  section.append(box);

  const table = el("table", { class: "clauses" });
  table.append(el("caption", {}, t("clauses")));
  const head = el("tr", {});
  for (const h of ["clause", "status", "message"]) head.append(el("th", { scope: "col" }, t(h)));
  table.append(el("thead", {}, head));
  const rows = el("tbody", {});
  const missing = new Map();
  for (const c of r.clauses) {
    rows.append(el("tr", {}, el("th", { scope: "row" }, `${c.id} ${txt(c.title)}`),
      el("td", { class: "st-" + c.status }, T[state.lang].st[c.status] || c.status), el("td", {}, txt(c.message))));
    for (const pointer of c.missing || []) missing.set(pointer, [...(missing.get(pointer) || []), c.id]);
  }
  table.append(rows);
  section.append(table);

  section.append(el("h3", {}, t("missing")));
  if (missing.size) {
    const mt = el("table", { class: "missing" });
    mt.append(el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("field")), el("th", { scope: "col" }, t("neededBy")))));
    const body = el("tbody", {});
    for (const [pointer, ids] of missing) body.append(el("tr", {}, el("td", {}, el("code", {}, pointer)), el("td", {}, ids.join(", "))));
    mt.append(body);
    section.append(mt);
  } else section.append(el("p", {}, t("missingNone")));

  section.append(el("h3", {}, t("gapsTitle")));
  if (r.gaps && r.gaps.length) {
    const list = el("ul", { class: "gaps" });
    for (const g of r.gaps) list.append(el("li", {}, txt(g.message)));
    section.append(list);
  } else section.append(el("p", {}, t("gapsNone")));
  return section;
}

function renderDownloads() {
  const box = el("div", { class: "downloads", role: "group", "aria-label": t("download") });
  const offered = (state.health && state.health.formats) || ["json"];
  for (const format of ["pdf", "html", "json", "csv"].filter((f) => offered.includes(f))) {
    const button = el("button", { type: "button", class: "secondary", id: "download-" + format }, `${t("download")} (${format.toUpperCase()})`);
    button.addEventListener("click", async () => {
      const input = await body();
      if (input) await download(evaluateUrl(format), { method: "POST", body: input.data, headers: headers({ "Content-Type": input.type }) }, "zcf-report." + format);
    });
    box.append(button);
  }
  return box;
}

async function start() {
  state.health = await (await fetch("/healthz")).json();
  $("version").textContent = "zcf " + state.health.version;
  $("key-row").hidden = !state.health.api_key_required;
  $("asof").value = new Date().toISOString().slice(0, 10);
  const response = await fetch("/v1/rulesets", { headers: headers() });
  if (response.ok) state.rulesets = await response.json();
  $("apikey").addEventListener("change", async () => {
    const again = await fetch("/v1/rulesets", { headers: headers() });
    if (again.ok) { state.rulesets = await again.json(); fillSchemes(); }
  });
  $("lang").addEventListener("click", () => { state.lang = state.lang === "zh-CN" ? "en" : "zh-CN"; applyLanguage(); });
  $("form").addEventListener("submit", run);
  $("template").addEventListener("click", (e) => { e.preventDefault(); download(`/v1/rulesets/${templateRuleset()}/template`, { headers: headers() }, "factory.xlsx"); });
  $("template-example").addEventListener("click", (e) => {
    e.preventDefault();
    const entry = state.rulesets.find((r) => r.id === templateRuleset());
    const examples = (entry && entry.examples) || [];
    const name = examples.includes("zero-carbon") ? "zero-carbon" : examples[0];
    download(`/v1/rulesets/${templateRuleset()}/template?example=${encodeURIComponent(name || "zero-carbon")}`, { headers: headers() }, "factory.xlsx");
  });
  applyLanguage();
  document.body.dataset.ready = "true";
}

start();
