// Coach's Mini App: the trainer's roster, cards and plan editor; the athlete's today.
// Plain JavaScript served by Coach itself: no CDN, no build step. Inside Telegram the
// launch parameters (initData, theme) come in the URL fragment, as Telegram passes them.
"use strict";

const FLAG_ICONS = { behind: "⚠️", unreachable: "📵", no_next_plan: "📭", idle: "💤", no_check_in: "📝" };
const flagText = (f) => (T[`flag_${f}`] ? t(`flag_${f}`) : f);
const REST_SECONDS = 90;

const launch = new URLSearchParams(location.hash.slice(1));
const telegram = window.Telegram && window.Telegram.WebApp;
const initData = (telegram && telegram.initData) || launch.get("tgWebAppData") || "";
const state = { me: null, roster: null };

// --- texts: every visible string comes from GET /api/texts, in the caller's language ---

const T = {}; // key -> text, from the same gettext catalogs as the chat (core/web_texts.py)
let LANG = "en";
let LOCALE = "en-GB"; // for Intl: English dates as the chat writes them ("Mon 7 Dec", 14:05)

function t(key, values) {
  const text = T[key] === undefined ? key : T[key];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

async function loadTexts() {
  // Without a valid sign-in the server still answers, in the browser's language.
  try {
    const answer = await api(`/texts?lang=${encodeURIComponent(navigator.language || "en")}`);
    Object.assign(T, answer.texts);
    LANG = answer.language;
    LOCALE = LANG === "en" ? "en-GB" : LANG;
  } catch (error) { /* the keys show; nothing else works without the server either */ }
  document.documentElement.lang = LANG;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  document.getElementById("tabs").setAttribute("aria-label", t("views"));
}

function dayName(index) { // Monday is 0: 1 January 2024 was a Monday
  const name = new Intl.DateTimeFormat(LOCALE, { weekday: "short", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + index)));
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function dayMonth(iso) { // "2026-12-07" -> "7 Dec", "7 дек.", "7 dic"
  return new Date(`${iso}T00:00:00`).toLocaleDateString(LOCALE, { day: "numeric", month: "short" });
}

applyTheme();
if (launch.get("tgWebAppPlatform") && !telegram) {
  // Inside Telegram: its script adds ready()/expand(); the app works without it too.
  const script = document.createElement("script");
  script.async = true;
  script.src = "https://telegram.org/js/telegram-web-app.js";
  script.onload = () => { try { window.Telegram.WebApp.ready(); window.Telegram.WebApp.expand(); } catch (e) { /* optional */ } };
  document.head.appendChild(script);
}

function applyTheme() {
  let theme = telegram && telegram.themeParams;
  if (!theme && launch.get("tgWebAppThemeParams")) {
    try { theme = JSON.parse(launch.get("tgWebAppThemeParams")); } catch (e) { theme = null; }
  }
  if (!theme) return;
  document.documentElement.classList.add("tg");
  for (const [key, value] of Object.entries(theme)) {
    if (/^#[0-9a-f]{3,8}$/i.test(String(value))) {
      document.documentElement.style.setProperty(`--tg-theme-${key.replace(/_/g, "-")}`, value);
    }
  }
}

// --- a tiny DOM helper: text is always text, never HTML -----------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function show(...nodes) {
  const view = document.getElementById("view");
  view.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
  window.scrollTo(0, 0);
}

function toast(text) {
  const el = document.getElementById("toast");
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 3500);
}

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || t("server_answered", { status }));
    this.status = status;
    this.body = body;
  }
}

async function api(path, { method = "GET", body } = {}) {
  const response = await fetch(`../api${path}`, {
    method,
    headers: { Authorization: `tma ${initData}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

function failed(error) {
  const message = error instanceof ApiError && error.status === 401
    ? t("open_from_telegram")
    : error.message;
  show(h("div", { class: "card", "data-testid": "error" }, h("strong", {}, t("something_wrong")), h("p", {}, message)));
}

function percent(value) { return value === null || value === undefined ? "—" : `${value}%`; }
function volume(e) {
  const amount = e.reps ? `${e.sets}x${e.reps}` : `${e.sets}x${duration(e.duration_seconds)}`;
  return e.load ? `${amount} @ ${e.load}` : amount;
}
function duration(seconds) {
  if (!seconds) return "";
  if (seconds % 60 === 0) return `${seconds / 60}${t("unit_minutes")}`;
  return `${seconds}${t("unit_seconds")}`;
}
function weekLabel(monday, index) {
  if (index === 0) return t("this_week");
  if (index === 1) return t("next_week");
  return t("week_of", { date: dayMonth(monday) });
}

// --- navigation -------------------------------------------------------------------

function tabs(current) {
  const nav = document.getElementById("tabs");
  const items = [];
  if (state.me.trainer || state.me.is_admin) items.push(["athletes", t("tab_athletes"), showRoster]);
  items.push(["today", t("tab_today"), showToday]);
  nav.replaceChildren(...items.map(([key, label, go]) =>
    h("button", { type: "button", "aria-current": key === current ? "page" : null, onclick: go, "data-testid": `tab-${key}` }, label)));
}

async function boot() {
  await loadTexts();
  if (!initData) {
    failed(new ApiError(401, null));
    return;
  }
  try {
    state.me = await api("/me");
  } catch (error) { failed(error); return; }
  if (state.me.trainer || state.me.is_admin) await showRoster();
  else await showToday();
}

// --- trainer: roster, card, editor ----------------------------------------------------

async function showRoster() {
  tabs("athletes");
  document.getElementById("title").textContent = t("your_athletes");
  let roster;
  try { roster = state.roster = await api("/roster"); } catch (error) { failed(error); return; }
  if (!roster.length) {
    show(h("p", { class: "muted" }, t("no_athletes")));
    return;
  }
  show(h("div", { "data-testid": "roster" }, roster.map((entry) => {
    const pct = entry.completion_percentage;
    const week = entry.week
      ? t("roster_week", { done: entry.week.completed_workouts, total: entry.week.total_workouts, percent: percent(pct) })
      : t("roster_no_plan");
    return h("button", { type: "button", class: "athlete", "data-testid": "athlete", "data-athlete-id": entry.athlete.id, onclick: () => showCard(entry.athlete.id) },
      h("div", { class: "row" },
        h("strong", { class: "grow" }, entry.athlete.name),
        h("span", { class: "flags", title: entry.flags.map(flagText).join(", ") }, entry.flags.map((f) => FLAG_ICONS[f] || "•").join(""))),
      h("div", { class: "small muted" }, week),
      h("div", { class: "meter" }, h("span", { style: `width:${pct || 0}%` })));
  })));
}

async function showCard(athleteId) {
  let card;
  try { card = await api(`/athletes/${athleteId}`); } catch (error) { failed(error); return; }
  document.getElementById("title").textContent = card.athlete.name;
  const local = new Date(card.local_time);
  const stat = (label, c) => h("div", { class: "card" }, h("strong", {}, percent(c.percentage)), h("span", { class: "small muted" }, label), h("div", { class: "small muted" }, `${c.completed}/${c.total}`));
  const plan = card.plan;
  show(
    h("button", { type: "button", class: "secondary", onclick: showRoster }, t("back_to_athletes")),
    h("p", { class: "muted small" }, t("local_time", { time: local.toLocaleString(LOCALE, { timeZone: card.athlete.timezone || "UTC", weekday: "short", hour: "2-digit", minute: "2-digit" }) }),
      card.flags.length ? ` · ${card.flags.map((f) => `${FLAG_ICONS[f] || ""} ${flagText(f)}`).join(" · ")}` : ""),
    h("div", { class: "stats" }, stat(t("stat_this_week"), card.this_week), stat(t("stat_4_weeks"), card.last_4_weeks), stat(t("stat_12_weeks"), card.last_12_weeks)),
    h("h2", {}, plan ? t("week_number", { number: plan.week_number }) : t("this_week")),
    plan
      ? h("ul", { class: "plain", "data-testid": "card-week" }, plan.workouts.map((w) =>
        h("li", {}, h("span", { class: w.completed ? "done" : "muted" }, w.completed ? "✅ " : "○ "), `${dayName(w.day_of_week)} · ${w.title}`)))
      : h("p", { class: "muted" }, t("card_no_plan")),
    h("h2", {}, t("latest_logs")),
    card.recent_logs.length
      ? h("ul", { class: "plain", "data-testid": "card-logs" }, card.recent_logs.map((item) =>
        h("li", {}, h("strong", {}, item.exercise.name), `: ${item.done}`, h("span", { class: "muted" }, ` ${t("planned", { planned: item.planned })}`), item.log.notes ? h("div", { class: "small muted" }, `“${item.log.notes}”`) : null)))
      : h("p", { class: "muted" }, t("nothing_logged")),
    ...(card.check_ins.length ? [h("h2", {}, t("latest_checkin")),
      h("ul", { class: "plain", "data-testid": "card-checkin" }, card.check_ins.map((c) => h("li", {}, checkinLine(c), h("span", { class: "small muted" }, ` · ${t("checkin_week", { date: dayMonth(c.week_start) })}`))))] : []),
    ...(card.messages && card.messages.length ? [h("h2", {}, t("latest_messages")),
      h("ul", { class: "plain", "data-testid": "card-messages" }, card.messages.map((m) => h("li", {}, messageLine(m, card.athlete.name))))] : []),
    h("p", {}, h("button", { type: "button", "data-testid": "plan-week", onclick: () => openEditor(card) }, t("plan_a_week"))),
  );
}

async function openEditor(card) {
  let groups = [];
  if (state.me.trainer) {
    try { groups = await api("/groups"); } catch (error) { failed(error); return; }
  }
  showEditor(card, groups);
}

function showEditor(card, groups = []) {
  document.getElementById("title").textContent = t("plan_for", { name: card.athlete.name });
  const week = h("select", { "data-testid": "week" }, card.plannable_weeks.map((monday, i) => h("option", { value: monday }, weekLabel(monday, i))));
  const text = h("textarea", { "data-testid": "plan-text", spellcheck: "false", placeholder: t("plan_placeholder") });
  const verdict = h("div", { "data-testid": "verdict", class: "muted small" }, t("type_the_week"));
  const preview = h("div", { "data-testid": "preview" });
  const others = (state.roster || []).filter((e) => e.athlete.id !== card.athlete.id);
  const also = others.map((e) => h("label", { class: "row small" }, h("input", { type: "checkbox", value: e.athlete.id, "data-testid": "also" }), e.athlete.name));
  const toggles = groupToggles(groups, also);
  const publish = h("button", { type: "button", disabled: true, "data-testid": "publish" }, t("publish"));
  let checked = null;
  let sequence = 0;
  let timer = null;

  async function check() {
    const mine = ++sequence;
    if (!text.value.trim()) {
      verdict.replaceChildren(t("type_the_week"));
      preview.replaceChildren(); publish.disabled = true; checked = null;
      return;
    }
    let result;
    try { result = await api("/plans/validate", { method: "POST", body: { text: text.value } }); } catch (error) { verdict.replaceChildren(error.message); return; }
    if (mine !== sequence) return; // a newer keystroke is being checked
    if (!result.valid) {
      checked = null; publish.disabled = true; preview.replaceChildren();
      verdict.replaceChildren(h("ul", { class: "plain errors", "data-testid": "errors" }, result.errors.map((e) => h("li", { "data-line": e.line }, t("line_error", { line: e.line, message: e.message })))));
      return;
    }
    checked = text.value; publish.disabled = false;
    const count = result.workouts.length;
    verdict.replaceChildren(h("span", { class: "valid", "data-testid": "valid" }, t("valid_count", { count })));
    preview.replaceChildren(...result.workouts.map((w) => h("div", { class: "card" },
      h("h3", {}, `${dayName(w.day_of_week)} · ${w.title}${w.duration_minutes ? ` ${t("minutes", { minutes: w.duration_minutes })}` : ""}`),
      w.description ? h("div", { class: "small muted" }, w.description) : null,
      h("ul", { class: "plain small" }, w.exercises.map((e) => h("li", {}, `${e.name} ${e.volume || volume(e)}`, e.notes ? h("span", { class: "muted" }, ` · ${e.notes}`) : null))))));
  }

  text.addEventListener("input", () => { clearTimeout(timer); publish.disabled = true; timer = setTimeout(check, 250); });
  publish.addEventListener("click", async () => {
    if (checked === null) return;
    publish.disabled = true;
    const ids = [card.athlete.id, ...also.map((l) => l.querySelector("input")).filter((i) => i.checked).map((i) => Number(i.value))];
    try {
      const groupIds = toggles.filter((t) => t.input.checked).map((t) => t.group.id);
      const result = await api("/plans/publish", { method: "POST", body: { athlete_ids: ids, group_ids: groupIds, week_start: week.value, text: checked } });
      const names = result.published.map((p) => t("published_item", { name: p.athlete_name, number: p.plan.week_number })).join(", ");
      toast(t("published_for", { names }));
      await showCard(card.athlete.id);
      document.getElementById("view").prepend(h("p", { class: "card valid", "data-testid": "published" }, t("published_banner", { names })));
    } catch (error) {
      publish.disabled = false;
      verdict.replaceChildren(h("span", { class: "errors" }, error.message));
    }
  });

  show(
    h("button", { type: "button", class: "secondary", onclick: () => showCard(card.athlete.id) }, t("back")),
    h("p", {}, h("label", {}, `${t("week")} `, week)),
    text, verdict, preview,
    toggles.length ? h("div", { class: "groups", "data-testid": "groups" }, h("div", { class: "small muted" }, t("also_group")), toggles.map((t) => t.label)) : null,
    also.length ? h("details", { open: toggles.length ? true : null }, h("summary", {}, t("also_publish")), also) : null,
    h("p", {}, publish),
  );
  text.focus();
}

// --- athlete: today, set-by-set logging, rest timer, Done ------------------------------

async function showToday() {
  tabs("today");
  document.getElementById("title").textContent = t("today");
  let today;
  try { today = await api("/today"); } catch (error) { failed(error); return; }
  const plan = today.plan;
  if (!plan || !plan.workouts.length) {
    const upcoming = today.upcoming;
    show(h("p", { class: "muted", "data-testid": "no-plan" }, upcoming ? t("no_plan_next", { date: dayMonth(upcoming.week_start) }) : t("no_plan_yet")));
    return;
  }
  const todays = plan.workouts.filter((w) => today.today_workout_ids.includes(w.id));
  const others = plan.workouts.filter((w) => !today.today_workout_ids.includes(w.id));
  show(
    h("p", { class: "muted small" }, t("week_message", { number: plan.week_number, message: plan.motivational_message })),
    todays.length ? todays.map((w) => workoutCard(w, true)) : h("p", { class: "muted" }, t("rest_day")),
    others.length ? h("h2", {}, t("other_days")) : null,
    others.map((w) => workoutCard(w, false)),
  );
}

function workoutCard(workout, open) {
  const doneButton = h("button", { type: "button", "data-testid": "done" });
  const status = h("span", { class: "small" });
  function paint() {
    doneButton.textContent = workout.completed ? t("undo") : t("done");
    doneButton.className = workout.completed ? "secondary" : "";
    status.textContent = workout.completed ? t("done_status") : "";
    status.className = workout.completed ? "small done" : "small";
  }
  doneButton.addEventListener("click", async () => {
    doneButton.disabled = true;
    try {
      const updated = await api(`/training/workouts/${workout.id}/complete`, { method: "PUT", body: { completed: !workout.completed } });
      workout.completed = updated.completed;
      toast(workout.completed ? t("marked_done") : t("marked_not_done"));
    } catch (error) { toast(error.message); }
    doneButton.disabled = false;
    paint();
  });
  paint();
  const body = h("div", {},
    workout.description ? h("p", { class: "small muted" }, workout.description) : null,
    workout.exercises.map(exerciseBlock),
    h("div", { class: "row", style: "margin-top:10px" }, h("span", { class: "grow" }, status), doneButton));
  const title = `${dayName(workout.day_of_week)} · ${workout.title}${workout.duration_minutes ? ` ${t("minutes", { minutes: workout.duration_minutes })}` : ""}`;
  if (open) return h("section", { class: "card", "data-testid": "workout", "data-workout-id": workout.id }, h("h3", {}, title), body);
  return h("details", { class: "card", "data-testid": "workout", "data-workout-id": workout.id }, h("summary", {}, h("strong", {}, title)), body);
}

function exerciseBlock(exercise) {
  const timed = !exercise.reps;
  const rows = [];
  for (let n = 1; n <= exercise.sets; n++) {
    const amount = h("input", { class: "num", type: "number", min: 1, inputmode: "numeric", value: timed ? exercise.duration_seconds : exercise.reps, "aria-label": timed ? t("seconds") : t("reps"), "data-testid": "set-amount" });
    const load = h("input", { class: "load", type: "text", value: exercise.load || "", placeholder: t("load"), "aria-label": t("load"), "data-testid": "set-load" });
    const tick = h("button", { type: "button", "data-testid": "log-set", "aria-label": t("log_set", { number: n }) }, "✓");
    const row = h("div", { class: "set", "data-testid": "set" }, h("span", { class: "small muted" }, t("set_number", { number: n })), h("div", { class: "fields" }, amount, h("span", { class: "small muted" }, timed ? t("unit_seconds") : t("reps")), load), tick);
    tick.addEventListener("click", async () => {
      const value = Number(amount.value);
      if (!Number.isInteger(value) || value < 1) { toast(timed ? t("seconds_please") : t("reps_please")); return; }
      tick.disabled = true;
      try {
        await api(`/training/exercises/${exercise.id}/log`, { method: "POST", body: { sets: 1, ...(timed ? { duration_seconds: value } : { reps: value }), load: load.value.trim() || null } });
        row.classList.add("logged");
        tick.textContent = "✔︎";
        amount.disabled = load.disabled = true;
        startRest(REST_SECONDS);
      } catch (error) { tick.disabled = false; toast(error.message); }
    });
    rows.push(row);
  }
  const video = exercise.video ? h("a", { href: exercise.video.url, target: "_blank", rel: "noopener" }, ` ${t("demo")}`) : null;
  return h("div", { class: "exercise", "data-testid": "exercise", "data-exercise-id": exercise.id },
    h("div", {}, h("strong", {}, exercise.name), ` ${volume(exercise)}`, video),
    exercise.notes ? h("div", { class: "small muted" }, exercise.notes) : null,
    rows);
}

const rest = { until: 0, handle: null };
function startRest(seconds) {
  rest.until = Date.now() + seconds * 1000;
  document.getElementById("timer").hidden = false;
  clearInterval(rest.handle);
  paintRest();
  rest.handle = setInterval(paintRest, 250);
}
function paintRest() {
  const left = Math.max(0, Math.ceil((rest.until - Date.now()) / 1000));
  document.getElementById("timer-left").textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  if (left === 0) {
    clearInterval(rest.handle);
    document.getElementById("timer").hidden = true;
    if (telegram && telegram.HapticFeedback) telegram.HapticFeedback.notificationOccurred("success");
  }
}
document.getElementById("timer-add").addEventListener("click", () => { rest.until += 30000; paintRest(); });
document.getElementById("timer-skip").addEventListener("click", () => { rest.until = 0; paintRest(); });

boot();

// --- wiring: the card's latest check-in and messages ------------------------------------

function checkinLine(c) {
  const scores = [["⚡", c.energy], ["😴", c.sleep], ["💢", c.soreness]].filter(([, v]) => v !== null).map(([icon, v]) => `${icon}${v}`).join(" ");
  const parts = scores ? [scores] : [];
  if (c.body_weight_kg !== null) parts.push(t("weight_kg", { value: (Math.round(c.body_weight_kg * 10) / 10).toLocaleString(LOCALE) }));
  if (c.note) parts.push(`“${c.note}”`);
  return parts.length ? parts.join(" · ") : t("checkin_skipped");
}

const messageKind = (kind) => (kind === "text" ? "💬" : (T[`message_${kind}`] ? t(`message_${kind}`) : kind));

function messageLine(m, name) {
  const when = new Date(m.created_at).toLocaleString(LOCALE, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  const kind = m.kind === "form_check" ? t("message_form_check", { exercise: m.exercise_name || "" }) : messageKind(m.kind);
  const text = m.text ? (m.text.length > 60 ? `${m.text.slice(0, 59)}…` : m.text) : "";
  return [h("span", { class: "small muted" }, `${when} · ${m.direction === "to_trainer" ? t("message_from", { name }) : t("message_to", { name })} · `), kind, text ? ` “${text}”` : ""];
}

// --- webgroups: the trainer's groups as toggles in the plan editor ----------------------

// A group's toggle ticks (or unticks) its members among the athletes below; the publish
// call sends the ticked groups too, and the server publishes to each athlete once. The
// card's athlete is not among them: they are always published to.
function groupToggles(groups, also) {
  const boxes = new Map(also.map((l) => { const input = l.querySelector("input"); return [Number(input.value), input]; }));
  const toggles = groups.map((group) => {
    const input = h("input", { type: "checkbox", value: group.id, "data-testid": "group-toggle", "data-group-id": group.id });
    const count = group.member_ids.length;
    const label = h("label", { class: "row small group", "data-testid": "group", title: group.members.map((m) => m.name).join(", ") },
      input, h("span", { class: "grow" }, group.name), h("span", { class: "muted" }, count ? t("group_count", { count }) : t("group_nobody")));
    input.addEventListener("change", () => {
      for (const id of group.member_ids) {
        const box = boxes.get(id);
        if (box) box.checked = input.checked;
      }
    });
    return { group, input, label };
  });
  // A member unticked by hand is not published to: the groups that hold them let go
  // (the server would add every member of a group sent).
  for (const [id, box] of boxes) {
    box.addEventListener("change", () => {
      if (box.checked) return;
      for (const toggle of toggles) if (toggle.group.member_ids.includes(id)) toggle.input.checked = false;
    });
  }
  return toggles;
}
