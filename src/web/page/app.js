// planrapport's page: plain JavaScript, no framework. Everything shown from
// the server is set as text (never as HTML).
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k === "class") e.className = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

function status(text) {
  $("status").textContent = text;
}

function warn(refusal) {
  const box = $("varning");
  if (!refusal) { box.hidden = true; box.textContent = ""; return; }
  box.textContent = "Fel: " + refusal.fel + (refusal.tips ? "\nTips: " + refusal.tips : "");
  box.hidden = false;
}

async function api(url, options) {
  let response;
  try {
    response = await fetch(url, Object.assign({ credentials: "same-origin" }, options || {}));
  } catch (e) {
    return { ok: false, status: 0, body: { fel: "servern svarar inte", tips: "kontrollera att planrapport webb fortfarande körs och ladda om sidan" } };
  }
  let body = null;
  try { body = await response.json(); } catch (e) { body = { fel: "oväntat svar från servern (" + response.status + ")", tips: "ladda om sidan" }; }
  return { ok: response.ok, status: response.status, body };
}

function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

function problemList(groups) {
  const wrap = el("div", { class: "problemgrupper" });
  for (const g of groups || []) {
    const errors = g.problem.filter((p) => p.niva === "fel").length;
    const warnings = g.problem.length - errors;
    const counts = [errors ? plural(errors, "fel", "fel") : "", warnings ? plural(warnings, "varning", "varningar") : ""].filter(Boolean).join(", ");
    wrap.append(el("h4", { text: g.fil + " – " + counts }));
    const ul = el("ul", { class: "problem" });
    for (const p of g.problem) {
      ul.append(el("li", { class: p.niva === "fel" ? "fel-rad" : "varning-rad" }, el("pre", { text: p.text })));
    }
    wrap.append(ul);
  }
  return wrap;
}

function outcomeView(o) {
  const box = el("article", { class: "dokument", "aria-label": o.fil });
  box.append(el("h3", { text: o.fil + (o.typ ? " – " + o.typ : "") }));
  box.append(el("p", { class: o.ok ? "ok" : "fel", text: o.ok ? o.sammanfattning : plural(o.fel, "fel", "fel") + " hittades; inget byggdes. Rätta felen nedan och välj filen igen." }));
  if (o.filer && o.filer.length) box.append(problemList(o.filer));
  const r = o.resultat;
  if (r) {
    const row = el("p", { class: "knapprad" });
    row.append(el("a", { class: "knapp", href: r.pdf, download: true, text: "Ladda ner PDF" }));
    if (r.excel) row.append(el("a", { class: "knapp", href: r.excel, download: true, text: "Ladda ner Excel (nämndens arbetsbok)" }));
    if (r.bildspel) row.append(el("a", { class: "knapp andra", href: r.bildspel, download: true, text: "Ladda ner bildspel (PDF)" }));
    box.append(row);
    box.append(el("h4", { text: "Förhandsvisning (" + plural(r.sidor, "sida", "sidor") + ")" }));
    const pages = el("ul", { class: "sidor" });
    const shown = Math.min(r.sidor, 60);
    for (let n = 1; n <= shown; n++) {
      pages.append(el("li", {}, el("figure", {},
        el("img", { src: "/api/resultat/" + r.id + "/sida/" + n, alt: "Sida " + n + " av " + r.sidor, loading: n <= 4 ? "eager" : "lazy", width: "240" }),
        el("figcaption", { text: "Sida " + n }))));
    }
    box.append(pages);
    if (shown < r.sidor) box.append(el("p", { class: "liten", text: "Förhandsvisningen visar de första " + shown + " sidorna; PDF:en har alla." }));
  }
  return box;
}

function summaryText(outcomes) {
  const errors = outcomes.reduce((n, o) => n + o.fel, 0);
  if (errors === 0) return "Klart: " + plural(outcomes.length, "dokument byggdes", "dokument byggdes") + " utan fel.";
  return "Klart: " + plural(errors, "fel", "fel") + " hittades i " + outcomes.filter((o) => !o.ok).map((o) => o.fil).join(", ") + ".";
}

async function upload(files) {
  if (!files || files.length === 0) { status("Inga filer valdes."); return; }
  warn(null);
  const form = new FormData();
  for (const f of files) form.append("filer", f, f.name);
  status("Kontrollerar " + plural(files.length, "fil", "filer") + " …");
  $("resultat").replaceChildren();
  const res = await api("/api/kontrollera", { method: "POST", body: form });
  if (!res.ok) { warn(res.body); status("Filerna togs inte emot."); return; }
  const list = res.body.dokument;
  $("resultat").replaceChildren(...list.map(outcomeView));
  status(summaryText(list));
}

function unitItem(u) {
  const li = el("li");
  if (u.lamnat) {
    const n = u.fel ? plural(u.fel, "fel", "fel") : "inga fel";
    li.append(el("span", { text: "✓ " + u.namn + (u.fil ? " (" + u.fil + ")" : "") + ": inlämnad, " + n + (u.varningar ? ", " + plural(u.varningar, "varning", "varningar") : "") }));
  } else {
    li.append(el("span", { class: "saknas", text: "✗ " + u.namn + ": har inte lämnat in" }));
  }
  if (u.problem && u.problem.length) {
    const ul = el("ul", { class: "problem" });
    for (const p of u.problem) ul.append(el("li", { class: p.niva === "fel" ? "fel-rad" : "varning-rad" }, el("pre", { text: p.text })));
    li.append(ul);
  }
  return li;
}

let lastVersion = -1;

async function loadProject() {
  const res = await api("/api/projekt");
  if (!res.ok) { warn(res.body); return; }
  const v = res.body;
  if (v.bygger) { status("Bygger projektet …"); return; }
  // Answers can arrive out of order (a build event and a reconnection at
  // once): an older view never replaces a newer one.
  if (v.version <= lastVersion) return;
  lastVersion = v.version;
  $("projekt-mapp").textContent = "Mappen: " + v.mapp;
  $("projekt-andrat").textContent = v.andrat && v.andrat.length ? "Ändrat: " + v.andrat.join(", ") + " – byggdes om på " + v.tid + "." : "Byggdes på " + v.tid + ".";
  $("projekt-tom").hidden = !v.tom;
  const h = v.inlamning;
  $("inlamning").hidden = !h;
  $("lamna-form").hidden = !h;
  $("ingen-inlamning").hidden = !v.ingen_inlamning;
  $("ingen-inlamning").textContent = v.ingen_inlamning || "";
  if (h) {
    $("inlamning-rubrik").textContent = h.rubrik + (h.saknas.length ? " – saknas: " + h.saknas.join(", ") : "");
    $("inlamning-lista").replaceChildren(...h.enheter.map(unitItem));
    handInForm(h);
  }
  $("projekt-dokument").replaceChildren(...(v.dokument ? [outcomeView(v.dokument)] : [el("p", { text: v.tom ? "" : "Mappen har ingen projektfil (.toml) eller arbetsbok." })]));
  const d = v.dokument;
  status(d ? (d.ok ? "Projektet byggdes: " + d.sammanfattning : "Projektet har " + plural(d.fel, "fel", "fel") + "; se nedan.") + (h ? " " + h.rubrik + "." : "") : "Projektmappen är öppen.");
}

// A follow-up's units are chosen in a list (a unit's workbook need not
// name its unit); a plan's department is read from its workbook.
function handInForm(h) {
  const units = h.valj;
  $("lamna-enhet-falt").hidden = !units;
  $("lamna-info").textContent = units
    ? "Enhetschef: välj enheten och lämna in enhetens arbetsbok. Den kontrolleras först; med fel lämnas den inte in."
    : "Avdelningschef: lämna in avdelningens arbetsbok. Den kontrolleras först; med fel lämnas den inte in.";
  $("lamna-fil-etikett").textContent = (units ? "Enhetens" : "Avdelningens") + " arbetsbok (.xlsx, .ods)";
  if (!units) return;
  const select = $("lamna-enhet");
  const chosen = select.value;
  const options = [el("option", { value: "", text: "Enligt filens namn" })];
  for (const u of h.enheter) options.push(el("option", { value: u.namn, text: u.namn + (u.lamnat ? " (har lämnat in)" : "") }));
  select.replaceChildren(...options);
  select.value = chosen;
  if (select.value !== chosen) select.value = "";
}

async function handIn(confirm) {
  const input = $("lamna-fil");
  const reply = $("lamna-svar");
  reply.replaceChildren();
  warn(null);
  if (!input.files.length) { status("Välj arbetsboken först."); return; }
  const form = new FormData();
  form.append("fil", input.files[0], input.files[0].name);
  if (!$("lamna-enhet-falt").hidden && $("lamna-enhet").value) form.append("enhet", $("lamna-enhet").value);
  if (confirm) form.append("bekrafta", "ja");
  status("Kontrollerar " + input.files[0].name + " …");
  const res = await api("/api/lamna-in", { method: "POST", body: form });
  if (res.ok) { status(res.body.meddelande + "."); reply.append(el("p", { class: "ok", text: res.body.meddelande + "." })); return; }
  const b = res.body;
  reply.append(el("p", { class: "fel", text: b.fel + "." }), el("p", { text: "Tips: " + b.tips }));
  if (b.filer) reply.append(problemList(b.filer));
  if (b.bekrafta) {
    const again = el("button", { type: "button", class: "andra", text: "Ersätt ändå" });
    again.addEventListener("click", () => handIn(true));
    reply.append(again);
  }
  status("Lämnades inte in: " + b.fel + ".");
}

function start(mode) {
  $("kod").hidden = true;
  $("filer").addEventListener("change", () => upload($("filer").files));
  $("filer-form").addEventListener("submit", (e) => { e.preventDefault(); upload($("filer").files); });
  const zone = $("slapp");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => { e.preventDefault(); zone.classList.remove("over"); upload(e.dataTransfer.files); });
  // Files chosen while the page was still starting (its first answer from
  // the server not yet in) were chosen before anything listened: check them now.
  const early = $("filer").files;
  if (mode.projekt) {
    $("projekt").hidden = false;
    $("lamna-form").addEventListener("submit", (e) => { e.preventDefault(); handIn(false); });
    $("skapa-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const res = await api("/api/skapa-projekt/" + $("skapa-typ").value, { method: "POST" });
      if (res.ok) status(res.body.meddelande + "."); else warn(res.body);
    });
    const events = new EventSource("/api/handelser");
    events.addEventListener("bygge", () => loadProject());
    // On every (re)connection too: a build that finished meanwhile is not missed.
    events.addEventListener("open", () => loadProject());
    loadProject();
  } else {
    status("Välj filer att kontrollera och bygga.");
  }
  if (early && early.length) upload(early);
}

async function init() {
  const res = await api("/api/lage");
  if (!res.ok) { warn(res.body); return; }
  if (res.body.kod_kravs && !res.body.inloggad) {
    $("kod").hidden = false;
    $("valj").hidden = true;
    $("mallar").hidden = true;
    status("Ange åtkomstkoden.");
    $("kod-falt").focus();
    $("kod-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const login = await api("/api/kod", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ kod: $("kod-falt").value }) });
      if (!login.ok) { warn(login.body); status("Fel åtkomstkod."); return; }
      warn(null);
      location.reload();
    });
    return;
  }
  start(res.body);
}

init();
