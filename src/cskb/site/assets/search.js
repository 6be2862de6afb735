// The library's search page: Pagefind, loaded from this site's own folder; no server.
// Runs the query in ?q= on load, so a search can be shared as a link.
const script = document.currentScript || document.querySelector("script[data-bundle]");
const bundle = new URL(script.dataset.bundle, location.href);
const siteRoot = new URL("../", bundle);
const form = document.getElementById("search-form");
const input = document.getElementById("q");
const status = document.getElementById("status");
const list = document.getElementById("results");
let pagefind = null;
let latest = 0;

function say(text) { status.textContent = text; }

// Copy Pagefind's excerpt into the page keeping only text and <mark>: never innerHTML.
function excerptNode(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = document.createElement("p");
  out.className = "excerpt";
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
      const m = document.createElement("mark");
      m.textContent = node.textContent;
      out.appendChild(m);
    } else {
      out.appendChild(document.createTextNode(node.textContent));
    }
  }
  return out;
}

async function load() {
  if (pagefind) return pagefind;
  try {
    pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({ basePath: bundle.pathname, baseUrl: siteRoot.pathname });
    await pagefind.init();
    return pagefind;
  } catch (err) {
    pagefind = null;
    say(location.protocol === "file:"
      ? "Search needs the site to be served over http(s) (for example GitHub Pages, or `python3 -m http.server` in this folder); browsing works from files."
      : "Search is not available in this build of the site.");
    return null;
  }
}

async function run(query) {
  const id = ++latest;
  list.replaceChildren();
  query = query.trim();
  if (!query) { say(""); return; }
  say("Searching…");
  const pf = await load();
  if (!pf || id !== latest) return;
  const found = await pf.search(query);
  if (id !== latest) return;
  const top = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
  if (id !== latest) return;
  for (const data of top) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = data.url;
    a.textContent = (data.meta && data.meta.title) || data.url;
    li.appendChild(a);
    li.appendChild(excerptNode(data.excerpt || ""));
    list.appendChild(li);
  }
  say(found.results.length
    ? `${found.results.length} review(s) match “${query}”${found.results.length > 30 ? ", the best 30 shown" : ""}.`
    : `No review matches “${query}”.`);
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
  timer = setTimeout(() => run(input.value), 250);
});
const initial = new URLSearchParams(location.search).get("q");
if (initial) { input.value = initial; run(initial); }
