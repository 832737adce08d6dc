// Portico's site search: the search page's one script, loaded by no other page.
//
// It reads the words from the page's form (or from ?q= when the header's box sent them), fetches the
// index files they need from beside the page (terms-X.json for each word, pages-N.json for the results
// shown) and lists each result's title and excerpt. Everything is same-origin and written with
// textContent, never as HTML. Words are folded as the build folds them (src/plugins/search/index.rs):
// lowercase, accents dropped, and each word matches the start of the index's words.
"use strict";

(() => {
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const results = document.getElementById("search-results");
  const fallback = document.getElementById("search-fallback");
  if (!form || !input || !status || !results) {
    return;
  }
  if (fallback) {
    fallback.hidden = true;
  }
  const folder = form.dataset.index;
  const PAGES_PER_FILE = 100;
  const SHOWN = 20;
  const files = new Map();

  // One fetch per file per visit. A terms file that does not exist means no word starts that way.
  const load = (name) => {
    if (!files.has(name)) {
      files.set(
        name,
        fetch(folder + name).then((response) => {
          if (response.status === 404 && name.startsWith("terms-")) {
            return { w: {}, t: {} };
          }
          if (!response.ok) {
            throw new Error(name + ": " + response.status);
          }
          return response.json();
        }),
      );
    }
    return files.get(name);
  };

  const fold = (text) =>
    text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  const words = (text) =>
    (fold(text).match(/[\p{L}\p{N}]+/gu) || []).filter((w) => [...w].length >= 2).slice(0, 8);
  const shard = (word) => {
    const code = word.codePointAt(0);
    return /^[a-z0-9]/.test(word) ? word[0] : "u" + code.toString(16);
  };
  const ids = (gaps) => {
    let id = 0;
    return gaps.map((gap) => (id += gap));
  };

  // The pages with a word that starts with `word`, and those with one in their title.
  const pagesWith = async (word) => {
    const shardData = await load("terms-" + shard(word) + ".json");
    const all = new Set();
    const title = new Set();
    for (const [term, gaps] of Object.entries(shardData.w)) {
      if (term.startsWith(word)) ids(gaps).forEach((id) => all.add(id));
    }
    for (const [term, gaps] of Object.entries(shardData.t)) {
      if (term.startsWith(word)) ids(gaps).forEach((id) => title.add(id));
    }
    return { all, title };
  };

  const say = (key, values) => {
    let text = form.dataset[key] || "";
    for (const [name, value] of Object.entries(values)) {
      text = text.split("{" + name + "}").join(String(value));
    }
    status.textContent = text;
  };

  const show = (pages) => {
    const items = pages.map(([url, title, excerpt]) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = url;
      link.textContent = title;
      item.append(link);
      if (excerpt) {
        const text = document.createElement("p");
        text.textContent = excerpt;
        item.append(text);
      }
      return item;
    });
    results.replaceChildren(...items);
  };

  let latest = 0;
  const search = async (query) => {
    const asked = ++latest;
    const wanted = words(query);
    if (wanted.length === 0) {
      show([]);
      if (query.trim()) say("short", {});
      else status.textContent = "";
      return;
    }
    try {
      const sets = await Promise.all(wanted.map(pagesWith));
      const inTitle = (id) => sets.filter((set) => set.title.has(id)).length;
      const found = [...sets[0].all]
        .filter((id) => sets.every((set) => set.all.has(id)))
        .sort((a, b) => inTitle(b) - inTitle(a) || a - b);
      const shown = found.slice(0, SHOWN);
      const chunks = [...new Set(shown.map((id) => Math.floor(id / PAGES_PER_FILE)))];
      const loaded = new Map(
        await Promise.all(chunks.map(async (n) => [n, await load("pages-" + n + ".json")])),
      );
      if (asked !== latest) return;
      show(shown.map((id) => loaded.get(Math.floor(id / PAGES_PER_FILE))[id % PAGES_PER_FILE]));
      const values = { count: found.length, query: query.trim(), shown: shown.length };
      if (found.length === 0) say("none", values);
      else if (found.length === 1) say("one", values);
      else if (found.length > shown.length) say("more", values);
      else say("many", values);
    } catch (error) {
      if (asked !== latest) return;
      show([]);
      say("failed", {});
      if (fallback) fallback.hidden = false;
    }
  };

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url);
      search(input.value);
    }, 200);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });

  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    search(asked);
  }
})();
