// The library's search page: cskb's own index (search/data/, written by `cskb site` with the
// same analyzer as `cskb search`), loaded from this site's own folder; no server.
// One query searches every language. Runs the query in ?q= on load, so a search can be
// shared as a link. Results are built from DOM text nodes only: never innerHTML.
const script = document.currentScript || document.querySelector("script[data-index]");
const base = new URL(script.dataset.index, location.href);
const siteRoot = new URL("../../", base);
const form = document.getElementById("search-form");
const input = document.getElementById("q");
const status = document.getElementById("status");
const list = document.getElementById("results");
const SHOWN = 30;
const STEM_BOOST = 0.8;
const K1 = 1.2, B = 0.75;
const MIN_PART = 3, MIN_COMPOUND = 7, LINKERS = ["", "s", "e", "n", "en", "er", "es"];
const UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\uac00-\ud7af\uff66-\uff9f";
const APOS = "'\u2019\u02bc\u2018\u0060\u00b4\u02b9\u2032\uff07";
const WORD = `(?:(?![${UNSPACED}])[\\p{L}\\p{N}\\p{M}_])+`;
const TOKEN_RE = new RegExp(`([${UNSPACED}]+)|(${WORD}(?:[${APOS}]${WORD})*)`, "gu");
const UNSPACED_RE = new RegExp(`[${UNSPACED}]`, "u");
const LATIN_EXTRA = { "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t", "ð": "d" };
const languageNames = typeof Intl.DisplayNames === "function"
  ? new Intl.DisplayNames([document.documentElement.lang || "en"], { type: "language" }) : null;
let meta = null;
let lexicon = null;
const shards = new Map();
let latest = 0;

function say(text) { status.textContent = text; }

// --- the analyzer's query side (cskb/search/normalise.py, segment.py) ---------------------
function normalise(text) {
  text = text.normalize("NFKC").replaceAll("\u0e4d\u0e32", "\u0e33").toLowerCase()
    .replaceAll("ß", "ss").replaceAll("ς", "σ");
  for (const a of APOS) text = text.replaceAll(a, "'");
  return text.replace(/(?<=[\u30a1-\u30fa])\u30fc+(?![\u30a1-\u30fc])/g, "");
}

function fold(word) {
  let out = "";
  for (const ch of word) {
    const c = LATIN_EXTRA[ch] || ch;
    if (c.length === 1 && ((c >= "\u00c0" && c <= "\u024f") || (c >= "\u1e00" && c <= "\u1eff"))) {
      const b = c.normalize("NFD")[0];
      out += b < "\u0080" ? b : c;
    } else out += c;
  }
  return out;
}

const isHan = (c) => (c >= "\u4e00" && c <= "\u9fff") || (c >= "\u3400" && c <= "\u4dbf") || (c >= "\uf900" && c <= "\ufaff");
const isHiragana = (c) => c >= "\u3041" && c <= "\u309f";

function boundaries(run) { // where a common Chinese word starts or ends (segment.py)
  const cuts = new Set();
  const max = lexicon.max;
  let i = 0;
  while (i < run.length) {
    if (!isHan(run[i])) { i++; continue; }
    let size = Math.min(max, run.length - i);
    for (; size > 1; size--) {
      if (lexicon.words.has(run.slice(i, i + size))) { cuts.add(i); cuts.add(i + size); i += size; break; }
    }
    if (size <= 1) i++;
  }
  return cuts;
}

function skeleton(text) { // 打ち合わせ -> 打合 (segment.skeleton)
  let chain = "";
  let i = 0;
  while (i < text.length) {
    if (isHan(text[i])) { chain += text[i]; i++; continue; }
    let j = i;
    while (j < text.length && isHiragana(text[j]) && j - i < 3) j++;
    if (chain && j - i > 0 && j - i <= 2 && j < text.length && isHan(text[j])) { i = j; continue; }
    if (chain.length >= 2) break;
    chain = "";
    i++;
  }
  return chain.length >= 2 && chain !== text ? chain : null;
}

function pairs(run) { // a normalised unspaced run as groups of forms, one per pair
  if (run.length === 1) return [[[run, 1]]];
  const cuts = [...run].some(isHan) ? boundaries(run) : new Set();
  const out = [];
  for (let i = 0; i + 1 < run.length; i++) {
    const pair = run.slice(i, i + 2);
    out.push(cuts.has(i + 1) ? [[pair, 1], ["~" + pair, 1]] : [[pair, 1]]);
  }
  return out;
}

// --- the index ------------------------------------------------------------------------------
function shardOf(term) { // FNV-1a over UTF-16 code units of the first three characters
  const key = [...term.replace(/^~/, "")].slice(0, 3).join("");
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) { h ^= key.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h % meta.shards;
}

async function fetchJson(url) {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`${url}: ${resp.status}`);
  return resp.json();
}

async function load() {
  if (meta) return meta;
  try {
    meta = await fetchJson(new URL("meta.json", base));
    lexicon = { words: new Set(meta.zh), max: Math.max(2, ...meta.zh.map((w) => w.length)) };
    return meta;
  } catch (err) {
    meta = null;
    say(location.protocol === "file:"
      ? "Search needs the site to be served over http(s) (for example GitHub Pages, or `python3 -m http.server` in this folder); browsing works from files."
      : "Search is not available in this build of the site.");
    return null;
  }
}

function shard(term) {
  const n = shardOf(term);
  if (!shards.has(n)) shards.set(n, fetchJson(new URL(`t/${n}.json`, base)).catch(() => ({})));
  return shards.get(n);
}

async function entry(term) { return (await shard(term))[term]; }

// The forms of one spaced word: exactly the CLI's when the library uses the word, else the
// word as written and the longest stem the library holds that it starts with.
async function wordForms(raw) {
  const word = normalise(raw);
  const surface = fold(word);
  const found = await entry(surface);
  if (found && found[0] === 1) return [[surface, 1], ...found[1].map((f) => [f, STEM_BOOST])];
  const forms = [[surface, 1]];
  if (word.includes("'")) forms.push([fold(word.replaceAll("'", "")), 1]);
  if (/[äöü]/.test(word)) forms.push([word.replaceAll("ä", "ae").replaceAll("ö", "oe").replaceAll("ü", "ue"), STEM_BOOST]);
  const chars = [...surface];
  if (chars.length > 3 && !/^\d+$/.test(surface)) {
    const table = await shard(surface);
    const least = Math.max(3, Math.ceil(chars.length * 0.6));
    for (let n = chars.length - 1; n >= least; n--) {
      const stem = chars.slice(0, n).join("");
      if (table[stem]) { forms.push([stem, STEM_BOOST]); break; }
    }
  }
  return forms;
}

async function known(forms) {
  for (const [f] of forms) if (await entry(f)) return true;
  return false;
}

// A long word the library writes apart: its best split into two parts the library uses.
async function split(surface) {
  if ([...surface].length < MIN_COMPOUND || !/^\p{L}+$/u.test(surface)) return null;
  let best = null;
  for (let i = MIN_PART; i <= surface.length - MIN_PART; i++) {
    const head = surface.slice(0, i);
    for (const link of LINKERS) {
      if (link && !head.endsWith(link)) continue;
      const stem = head.slice(0, head.length - link.length);
      if (stem.length < MIN_PART) continue;
      const h = await entry(stem);
      if (!h || h[0] !== 1) continue;
      const tail = await wordForms(surface.slice(i));
      const t = await entry(tail[0][0]) || (tail.length > 1 && await entry(tail[tail.length - 1][0]));
      if (!t) continue;
      const score = Math.min(h.length, t.length);
      if (!best || score > best.score) best = { score, parts: [[[stem, 1]], tail] };
    }
  }
  return best && best.parts;
}

// The closest word the library uses in the same shard (one edit, two for long words), for a
// query that finds nothing, as `cskb search` corrects a misspelt word.
async function closest(surface) {
  const table = await shard(surface);
  const limit = [...surface].length >= 8 ? 2 : 1;
  let best = null;
  for (const [term, e] of Object.entries(table)) {
    if (e[0] !== 1 || Math.abs(term.length - surface.length) > limit) continue;
    const d = distance(term, surface, limit);
    if (d <= limit && (!best || d < best.d || (d === best.d && e.length > best.n))) best = { term, d, n: e.length };
  }
  return best && best.term;
}

function distance(a, b, limit) { // optimal string alignment distance, cut off above limit
  let prev2 = null, prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let low = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      low = Math.min(low, v);
    }
    if (low > limit) return limit + 1;
    prev2 = prev; prev = cur;
  }
  return prev[b.length];
}

// Two neighbouring words the library also writes as one (`kunde møte`: `kundemøte`).
async function joined(first, second) {
  if (!/^\p{L}+$/u.test(first + second) || [...first + second].length < MIN_COMPOUND) return null;
  for (const link of LINKERS) {
    const e = await entry(first + link + second);
    if (e && e[0] === 1) return wordForms(first + link + second);
  }
  return null;
}

// A query as clauses, all required, and excluded clauses; a clause is alternatives, each a
// list of groups of forms (all groups required, any form of a group).
async function parse(query, correct) {
  const clauses = [];
  const excluded = [];
  const text = query.replace(/(?<![\p{L}\p{N}])(?:AND|OR)(?![\p{L}\p{N}])/gu, " ")
    .replace(/(?<![\p{L}\p{N}])NOT\s+/gu, "-")
    .replace(/([\u0e00-\u0e7f])[ \u00a0\u200b]{1,2}(?=[\u0e00-\u0e7f])/g, "$1");
  let previous = null;
  for (const m of text.matchAll(TOKEN_RE)) {
    const negated = m.index > 0 && text[m.index - 1] === "-" && (m.index < 2 || /\s/.test(text[m.index - 2]));
    let alternatives;
    if (m[1]) {
      const run = normalise(m[1]);
      alternatives = [pairs(run)];
      const kanji = skeleton(run);
      if (kanji) alternatives.push(pairs(kanji));
    } else {
      let forms = await wordForms(m[2]);
      if (correct && !(await known(forms))) {
        const near = await closest(forms[0][0]);
        if (near) forms = await wordForms(near);
      }
      alternatives = [[forms]];
      const parts = await split(forms[0][0]);
      if (parts) alternatives.push(parts);
    }
    if (negated) { excluded.push(alternatives); previous = null; continue; }
    const word = m[2] ? fold(normalise(m[2])) : null;
    const join = word && previous && previous.word ? await joined(previous.word, word) : null;
    if (join) {
      const both = [];
      for (const a of previous.alternatives) for (const b of alternatives) both.push([...a, ...b]);
      both.push([join]);
      clauses[clauses.length - 1] = both;
      previous = null;
      continue;
    }
    clauses.push(alternatives);
    previous = { word, alternatives };
  }
  return { clauses, excluded };
}

async function clauseScores(alternatives) {
  const best = new Map();
  for (const groups of alternatives) {
    let acc = null;
    for (const group of groups) {
      const scores = await groupScores(group);
      if (acc === null) acc = new Map([...scores].map(([d, s]) => [d, { score: s.score, offsets: [s.offset] }]));
      else {
        for (const d of [...acc.keys()]) {
          const s = scores.get(d);
          if (!s) acc.delete(d);
          else { acc.get(d).score += s.score; acc.get(d).offsets.push(s.offset); }
        }
      }
    }
    for (const [d, s] of acc || []) if (!best.has(d) || s.score > best.get(d).score) best.set(d, s);
  }
  return best;
}

// BM25 as whoosh computes it (idf = log(N / (df + 1)) + 1), best form per group, summed.
async function groupScores(group) {
  const docs = meta.docs;
  const n = docs.length;
  const out = new Map();
  for (const [term, boost] of group) {
    const e = await entry(term);
    if (!e) continue;
    const df = (e.length - 2) / 3;
    const idf = Math.log(n / (df + 1)) + 1;
    for (let i = 2; i < e.length; i += 3) {
      const doc = e[i], tf = e[i + 1];
      const norm = tf + K1 * (1 - B + (B * docs[doc][3]) / meta.avgdl);
      const s = (boost * idf * tf * (K1 + 1)) / norm;
      const had = out.get(doc);
      if (!had || s > had.score) out.set(doc, { score: s, offset: e[i + 2] });
    }
  }
  return out;
}

async function rank(query, correct = false) {
  const { clauses, excluded } = await parse(query, correct);
  if (!clauses.length) return [];
  let total = null;
  for (const alternatives of clauses) {
    const best = await clauseScores(alternatives);
    if (total === null) total = best;
    else {
      for (const d of [...total.keys()]) {
        const s = best.get(d);
        if (!s) total.delete(d);
        else { total.get(d).score += s.score; total.get(d).offsets.push(...s.offsets); }
      }
    }
  }
  for (const alternatives of excluded) for (const d of (await clauseScores(alternatives)).keys()) total.delete(d);
  if (!total.size && !correct) return rank(query, true);
  const docs = meta.docs;
  return [...total].sort((a, b) => b[1].score - a[1].score || (docs[a[0]][0] < docs[b[0]][0] ? -1 : 1));
}

// --- the page -------------------------------------------------------------------------------
function snippet(text, offsets) {
  const chars = [...text];
  const at = offsets.filter((o) => o >= 0).sort((a, b) => a - b);
  const start = at.length ? Math.max(0, at[0] - 60) : 0;
  const end = Math.min(chars.length, start + 200);
  const p = document.createElement("p");
  p.className = "excerpt";
  let i = start;
  if (start > 0) p.appendChild(document.createTextNode("…"));
  for (const o of at) {
    if (o < i || o >= end) continue;
    p.appendChild(document.createTextNode(chars.slice(i, o).join("")));
    let j = o + 1;
    if (UNSPACED_RE.test(chars[o])) j = Math.min(end, o + 2);
    else while (j < end && /[\p{L}\p{N}\p{M}'’]/u.test(chars[j]) && !UNSPACED_RE.test(chars[j])) j++;
    const mark = document.createElement("mark");
    mark.textContent = chars.slice(o, j).join("");
    p.appendChild(mark);
    i = j;
  }
  p.appendChild(document.createTextNode(chars.slice(i, end).join("") + (end < chars.length ? "…" : "")));
  return p;
}

async function run(query) {
  const id = ++latest;
  list.replaceChildren();
  query = query.trim();
  if (!query) { say(""); return; }
  say("Searching…");
  if (!(await load()) || id !== latest) return;
  const hits = await rank(query);
  if (id !== latest) return;
  const items = hits.slice(0, SHOWN).map(([doc, s]) => {
    const [page, title, lang] = meta.docs[doc];
    const li = document.createElement("li");
    li.dataset.lang = lang;
    const a = document.createElement("a");
    a.href = new URL(page, siteRoot).pathname;
    a.textContent = title || page;
    const tag = document.createElement("span");
    tag.className = "lang";
    tag.lang = lang;
    tag.textContent = (languageNames && languageNames.of(lang)) || lang;
    li.append(a, " ", tag);
    list.appendChild(li);
    return fetchJson(new URL(`d/${doc}.json`, base))
      .then((d) => { if (id === latest) li.appendChild(snippet(d.text, s.offsets)); })
      .catch(() => {});
  });
  say(hits.length
    ? `${hits.length} review(s) match “${query}”${hits.length > SHOWN ? `, the best ${SHOWN} shown` : ""}.`
    : `No review matches “${query}”.`);
  await Promise.all(items);
  if (id === latest) list.dataset.done = query;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  run(input.value);
});
let timer = null;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => run(input.value), 150);
});
const initial = new URLSearchParams(location.search).get("q");
if (initial) { input.value = initial; run(initial); }
