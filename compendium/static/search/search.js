/*
 * The compendium's search page. Mount: <div id="compendium-search"
 * data-index="URL of the search/ files" data-root="URL of the site root">.
 * Loads the prebuilt lunr shards (lunr.Index.load, never builds an index),
 * reads query and filters from the URL and writes them back, shows paragraph
 * snippets with the match highlighted and facet counts for every filter.
 * Every piece of text goes in with textContent / text nodes, never innerHTML.
 * Needs vendor/lunr.min.js and tokenizer.js loaded first.
 */
(function () {
  "use strict";
  var T = window.CompendiumTokenizer;
  var FILTERS = ["organ", "lang", "kind", "verb", "category"];
  var RANGE = ["from", "to"];
  var PAGE = 50;
  var KIND_LABELS = {
    preambular: "Preambular paragraph",
    operative: "Operative paragraph",
    subparagraph: "Sub-paragraph",
    report: "Report paragraph",
    text: "Text",
    residual: "Residual text",
    footnote: "Footnote"
  };
  var timings = { start: performance.now() };
  // timings and shard downloads, read by bench/search.py and the browser tests
  window.compendiumSearch = { timings: timings, shardFetches: 0 };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (attrs[k] === null || attrs[k] === undefined) continue;
        if (k === "text") node.textContent = attrs[k];
        else node.setAttribute(k, attrs[k]);
      }
    }
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function fetchJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  /* A .json.gz file of the index: gzip inflated with the browser's DecompressionStream.
     A server that sends it with "Content-Encoding: gzip" has the browser inflate it
     already: JSON text, no gzip magic bytes, parsed as it is. */
  function fetchGzipJSON(url) {
    return fetch(url)
      .then(function (r) {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status);
        return r.arrayBuffer();
      })
      .then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
        if (typeof DecompressionStream === "undefined") {
          throw new Error(url + ": this browser cannot inflate gzip (no DecompressionStream)");
        }
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).text();
      })
      .then(function (text) {
        return JSON.parse(text);
      });
  }

  function normalise(text) {
    return (" " + text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ") + " ").replace(/ +/g, " ");
  }

  /* ---- query parsing ---------------------------------------------------- */

  /* A query: quoted phrases, words and symbols; a trailing * asks for a prefix. */
  function parseQuery(q) {
    var phrases = [];
    var rest = q.replace(/"([^"]*)"?/g, function (_, p) {
      if (p.trim()) phrases.push(p.trim());
      return " ";
    });
    // Chinese words are runs of ideographs with no spaces: such a run is searched as a phrase
    var han = new RegExp("[" + T.HAN + "]{2,}", "gu");
    (rest.match(han) || []).forEach(function (run) { phrases.push(run); });
    return { phrases: phrases, rest: rest };
  }

  /* lunr clauses for one language: [{token, prefix, symbol}] */
  function clauses(parsed, lang) {
    var out = [];
    var seen = {};
    function add(c) {
      var key = c.token + (c.prefix ? "*" : "");
      if (!seen[key]) {
        seen[key] = true;
        out.push(c);
      }
    }
    var plain = T.tokenSpans(parsed.rest, { lang: lang, stemming: false });
    var stemmed = T.tokenSpans(parsed.rest, { lang: lang });
    for (var i = 0; i < stemmed.length; i++) {
      var after = parsed.rest.slice(stemmed[i].end, stemmed[i].end + 2);
      var prefix = after[0] === "*" || after === "/*";
      if (prefix) {
        var token = plain[i].token + (after === "/*" ? "/" : "");
        add({ token: token, prefix: true, symbol: stemmed[i].symbol });
      } else {
        add({ token: stemmed[i].token, prefix: false, symbol: stemmed[i].symbol });
      }
    }
    parsed.phrases.forEach(function (p) {
      T.tokenSpans(p, { lang: lang }).forEach(function (t) {
        add({ token: t.token, prefix: false, symbol: t.symbol });
      });
    });
    return out;
  }

  /* A symbol prefix matches at a component boundary: E/CN.15/2004/9* finds
     E/CN.15/2004/9/Add.1, not E/CN.15/2004/90. */
  function prefixOk(clause, term) {
    if (!clause.symbol || term === clause.token) return true;
    var last = clause.token[clause.token.length - 1];
    if (last === "/" || last === "." || last === "-") return true;
    return /[\/.\-(]/.test(term[clause.token.length] || "");
  }

  /* The term-map file a token is listed in (as compendium.search.term_bucket). */
  function termBucket(token) {
    var c = token.charAt(0);
    if (/[a-z0-9]/.test(c)) return c;
    return token ? "_" + (token.codePointAt(0) % 16).toString(16) : "_";
  }

  /* ---- state ------------------------------------------------------------ */

  function readURL() {
    var p = new URLSearchParams(location.search);
    var s = { q: p.get("q") || "" };
    FILTERS.concat(RANGE).forEach(function (f) {
      s[f] = p.get(f) || "";
    });
    return s;
  }

  function writeURL(state, push) {
    var p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    FILTERS.concat(RANGE).forEach(function (f) {
      if (state[f]) p.set(f, state[f]);
    });
    var qs = p.toString();
    var url = location.pathname + (qs ? "?" + qs : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    history[push ? "pushState" : "replaceState"](null, "", url);
  }

  /* ---- the page --------------------------------------------------------- */

  function Search(mount) {
    this.mount = mount;
    this.base = mount.getAttribute("data-index") || "./";
    if (this.base.slice(-1) !== "/") this.base += "/";
    this.root = mount.getAttribute("data-root") || "../";
    this.shards = {};
    this.renderedAt = 0;
    this.fetching = {};
    this.terms = {};
    this.run = 0;
    this.results = [];
    this.shown = PAGE;
    this.buildForm();
  }

  Search.prototype.buildForm = function () {
    var self = this;
    var form = el("form", { class: "cs-form", role: "search", action: "" });
    var qid = "cs-q";
    form.appendChild(
      el("div", { class: "cs-query" }, [
        el("label", { for: qid, text: "Search the compendium" }),
        el("input", {
          id: qid,
          name: "q",
          type: "search",
          autocomplete: "off",
          placeholder: 'words, "a phrase", 2003/30, E/CN.15/2004/9*'
        }),
        el("button", { type: "submit", text: "Search" })
      ])
    );
    var filters = el("fieldset", { class: "cs-filters" }, [el("legend", { text: "Filters" })]);
    var labels = { organ: "Organ", lang: "Language", kind: "Kind", verb: "Opening verb", category: "Category" };
    this.selects = {};
    FILTERS.forEach(function (f) {
      var select = el("select", { id: "cs-" + f, name: f });
      self.selects[f] = select;
      filters.appendChild(el("div", { class: "cs-filter" }, [el("label", { for: "cs-" + f, text: labels[f] }), select]));
    });
    [["from", "From (year or date)"], ["to", "To (year or date)"]].forEach(function (r) {
      filters.appendChild(
        el("div", { class: "cs-filter" }, [
          el("label", { for: "cs-" + r[0], text: r[1] }),
          el("input", { id: "cs-" + r[0], name: r[0], type: "text", inputmode: "numeric", pattern: "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", size: "10" })
        ])
      );
    });
    form.appendChild(filters);
    this.form = form;
    this.status = el("p", { class: "cs-status", role: "status", "aria-live": "polite" });
    this.docHint = el("p", { class: "cs-document", hidden: "" });
    this.list = el("ol", { class: "cs-results" });
    this.more = el("button", { type: "button", class: "cs-more", hidden: "", text: "Show more results" });
    this.mount.textContent = "";
    [form, this.status, this.docHint, this.list, this.more].forEach(function (n) {
      self.mount.appendChild(n);
    });

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      self.fromForm(true);
    });
    form.addEventListener("change", function (ev) {
      if (ev.target.name !== "q") self.fromForm(true);
    });
    this.more.addEventListener("click", function () {
      self.shown += PAGE;
      self.render();
    });
    window.addEventListener("popstate", function () {
      self.apply(readURL());
    });
  };

  Search.prototype.fromForm = function (push) {
    var s = { q: this.form.elements.q.value.trim() };
    var self = this;
    FILTERS.concat(RANGE).forEach(function (f) {
      s[f] = self.form.elements[f].value.trim();
    });
    writeURL(s, push);
    this.apply(s);
  };

  Search.prototype.start = function () {
    var self = this;
    this.mount.setAttribute("data-state", "loading");
    return fetchJSON(this.base + "manifest.json")
      .then(function (manifest) {
        self.manifest = manifest;
        timings.manifest = performance.now();
        self.apply(readURL());
      })
      .catch(function (err) {
        self.mount.setAttribute("data-state", "error");
        self.status.textContent = "The search index could not be loaded (" + err.message + ").";
      });
  };

  /* Apply a state: re-run the query if it changed, else only re-filter. */
  Search.prototype.apply = function (state) {
    var form = this.form;
    form.elements.q.value = state.q;
    FILTERS.concat(RANGE).forEach(function (f) {
      form.elements[f].value = state[f];
    });
    this.state = state;
    if (state.q !== this.lastQuery) {
      this.lastQuery = state.q;
      this.query(state.q);
    } else {
      this.shown = PAGE;
      this.render();
    }
  };

  /* Fetch a shard's files, once (the query loop asks for the next shard while one loads). */
  Search.prototype.fetchShard = function (meta) {
    var self = this;
    // A loaded shard is kept (this.shards): the query loop's look-ahead must not download,
    // inflate and parse it again (a later query then waited behind that work, seconds on the GA corpus).
    if (this.shards[meta.id]) return Promise.resolve(null);
    if (!this.fetching[meta.id]) {
      window.compendiumSearch.shardFetches++;
      this.fetching[meta.id] = Promise.all([
        fetchGzipJSON(this.base + "index-" + meta.id + ".json.gz"),
        fetchGzipJSON(this.base + "data-" + meta.id + ".json.gz")
      ]).catch(function (err) {
        delete self.fetching[meta.id];
        throw err;
      });
    }
    return this.fetching[meta.id];
  };

  /* Load a fetched shard into lunr, once; called in shard order so the first shard is ready first. */
  Search.prototype.loadShard = function (meta) {
    var self = this;
    if (this.shards[meta.id]) return Promise.resolve(this.shards[meta.id]);
    return this.fetchShard(meta).then(function (r) {
      var shard = { meta: meta, index: lunr.Index.load(r[0]), rows: r[1] };
      self.shards[meta.id] = shard;
      delete self.fetching[meta.id];
      return shard;
    });
  };

  /* The term map of one bucket (terms-<bucket>.json.gz): token -> ids of the shards holding it. */
  Search.prototype.termMap = function (bucket) {
    if (this.manifest.term_buckets.indexOf(bucket) < 0) return Promise.resolve({});
    if (!this.terms[bucket]) {
      var self = this;
      this.terms[bucket] = fetchGzipJSON(this.base + "terms-" + bucket + ".json.gz").catch(function (err) {
        delete self.terms[bucket];
        throw err;
      });
    }
    return this.terms[bucket];
  };

  /* Shards that can hold a hit: those holding every required term (or a term with the prefix). */
  Search.prototype.candidateShards = function (parsed) {
    var self = this;
    var shards = this.manifest.shards;
    var byLang = {};
    shards.forEach(function (s) {
      if (!byLang[s.lang]) byLang[s.lang] = clauses(parsed, s.lang);
    });
    var buckets = {};
    Object.keys(byLang).forEach(function (lang) {
      byLang[lang].forEach(function (c) { buckets[termBucket(c.token)] = true; });
    });
    var names = Object.keys(buckets);
    return Promise.all(names.map(function (b) { return self.termMap(b); })).then(function (maps) {
      var map = {};
      names.forEach(function (b, i) { map[b] = maps[i]; });
      function holders(c) {
        var terms = map[termBucket(c.token)];
        var ids = {};
        if (c.prefix) {
          Object.keys(terms).forEach(function (k) {
            if (k.lastIndexOf(c.token, 0) === 0 && prefixOk(c, k)) terms[k].forEach(function (id) { ids[id] = true; });
          });
        } else {
          (terms[c.token] || []).forEach(function (id) { ids[id] = true; });
        }
        return ids;
      }
      var cache = {};
      var found = shards.filter(function (s) {
        var cls = byLang[s.lang];
        return cls.length > 0 && cls.every(function (c) {
          var key = c.token + (c.prefix ? "*" : "");
          if (!cache[key]) cache[key] = holders(c);
          return cache[key][s.id];
        });
      });
      // shards the current filters select come first: their hits are the ones shown
      var st = self.state;
      var wanted = function (s) {
        return (!st.lang || s.lang === st.lang) && (!st.organ || s.organ === st.organ) &&
          (!st.from || !s.to || s.to >= st.from) && (!st.to || !s.from || s.from.slice(0, st.to.length) <= st.to);
      };
      return found.filter(wanted).concat(found.filter(function (s) { return !wanted(s); }));
    });
  };

  Search.prototype.query = function (q) {
    var self = this;
    var run = ++this.run;
    this.results = [];
    this.shown = PAGE;
    this.parsed = parseQuery(q);
    this.done = 0;
    timings.queryStart = performance.now();
    timings.first = null;
    this.showDocumentHint(q);
    if (!q) {
      this.total = 0;
      this.finish(run);
      return Promise.resolve();
    }
    if (!clauses(this.parsed, "en").length && !clauses(this.parsed, "xx").length) {
      this.total = 0;
      this.finish(run, "Type a word that is not a stop word, a phrase in quotes or a document symbol.");
      return Promise.resolve();
    }
    this.total = 0;
    this.mount.setAttribute("data-state", "loading");
    this.render();
    return this.candidateShards(this.parsed).then(function (shards) {
      if (run !== self.run) return;
      self.total = shards.length;
      self.render();
      var chain = Promise.resolve();
      if (shards.length) self.fetchShard(shards[0]).catch(function () {});
      shards.forEach(function (meta, i) {
        chain = chain.then(function () {
          if (run !== self.run) return;
          // download the next shard while this one loads: one at a time keeps the main thread
          // (JSON parsing, lunr.Index.load) free for the shard whose results come first
          if (shards[i + 1]) self.fetchShard(shards[i + 1]).catch(function () {});
          return self.loadShard(meta).then(function (shard) {
            if (run !== self.run) return;
            self.searchShard(shard);
            self.done++;
            var first = timings.first === null && self.results.length > 0;
            if (first) timings.first = performance.now();
            // render the first results at once, then at most every 250 ms while shards stream in
            if (first || performance.now() - self.renderedAt > 250) {
              self.render();
              self.renderedAt = performance.now();
              return new Promise(function (resolve) { setTimeout(resolve, 0); }); // let the results paint
            }
          });
        });
      });
      return chain;
    }).then(function () {
      if (run === self.run) self.finish(run);
    }, function (err) {
      if (run !== self.run) return;
      self.mount.setAttribute("data-state", "error");
      self.status.textContent = "Part of the search index could not be loaded (" + err.message + ").";
    });
  };

  Search.prototype.finish = function (run, message) {
    if (run !== this.run) return;
    timings.done = performance.now();
    if (timings.first === null) timings.first = timings.done;
    this.render(message);
    this.mount.setAttribute("data-state", "done");
  };

  Search.prototype.searchShard = function (shard) {
    var lang = shard.meta.lang;
    var cls = clauses(this.parsed, lang);
    if (!cls.length) return;
    var han = new RegExp("[" + T.HAN + "]", "u");
    var phrases = this.parsed.phrases.map(function (p) {
      // " word " so that a phrase ends at word boundaries; ideographs have none
      var n = normalise(p);
      if (han.test(n.charAt(1))) n = n.slice(1);
      if (han.test(n.charAt(n.length - 2))) n = n.slice(0, -1);
      return n;
    });
    var hits = shard.index.query(function (q) {
      cls.forEach(function (c) {
        q.term(c.token, {
          usePipeline: false,
          presence: lunr.Query.presence.REQUIRED,
          wildcard: c.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
        });
      });
    });
    var docs = this.manifest.documents;
    var out = this.results;
    hits.forEach(function (hit) {
      var terms = Object.keys(hit.matchData.metadata);
      var ok = cls.every(function (c) {
        if (!c.prefix) return true;
        return terms.some(function (t) { return t.lastIndexOf(c.token, 0) === 0 && prefixOk(c, t); });
      });
      if (!ok) return;
      var row = shard.rows[parseInt(hit.ref, 36)];
      if (phrases.length) {
        var text = normalise(row[5]);
        if (!phrases.every(function (p) { return text.indexOf(p) >= 0; })) return;
      }
      out.push({ score: hit.score, row: row, doc: docs[row[0]], terms: terms, clauses: cls });
    });
    out.sort(function (a, b) { return b.score - a.score; });
  };

  /* ---- filtering and facets ---------------------------------------------- */

  function value(r, f) {
    switch (f) {
      case "organ": return [r.doc.organ];
      case "lang": return [r.doc.lang];
      case "kind": return [r.row[3]];
      case "verb": return r.row[4] ? [r.row[4]] : [];
      case "category": return r.doc.categories.map(String);
    }
    return [];
  }

  Search.prototype.passes = function (r, except) {
    var st = this.state;
    for (var i = 0; i < FILTERS.length; i++) {
      var f = FILTERS[i];
      if (f !== except && st[f] && value(r, f).indexOf(st[f]) < 0) return false;
    }
    var date = r.doc.date || "";
    if (st.from && (!date || date < st.from)) return false;
    if (st.to && (!date || date.slice(0, st.to.length) > st.to)) return false;
    return true;
  };

  Search.prototype.renderFacets = function () {
    var self = this;
    var m = this.manifest;
    var vocab = {
      organ: Object.keys(m.organs).filter(function (o) {
        return m.shards.some(function (s) { return s.organ === o; });
      }),
      lang: m.languages,
      kind: m.kinds,
      verb: m.verbs,
      category: Object.keys(m.categories || {})
    };
    var label = {
      organ: function (v) { return m.organs[v] || v; },
      lang: function (v) { return v; },
      kind: function (v) { return KIND_LABELS[v] || v; },
      verb: function (v) { return v; },
      category: function (v) { return (m.categories || {})[v] || v; }
    };
    FILTERS.forEach(function (f) {
      var counts = {};
      self.results.forEach(function (r) {
        if (!self.passes(r, f)) return;
        value(r, f).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      var select = self.selects[f];
      var current = self.state[f];
      select.textContent = "";
      select.appendChild(el("option", { value: "", text: "All" }));
      var values = vocab[f].slice();
      if (current && values.indexOf(current) < 0) values.push(current);
      values.forEach(function (v) {
        var n = counts[v] || 0;
        if (!n && v !== current && self.lastQuery) return; // only values that would give results
        var opt = el("option", { value: v, "data-count": String(n), text: label[f](v) + (self.lastQuery ? " (" + n + ")" : "") });
        if (v === current) opt.selected = true;
        select.appendChild(opt);
      });
      select.value = current;
    });
  };

  /* ---- results ---------------------------------------------------------- */

  function matches(span, r) {
    return r.clauses.some(function (c) {
      if (c.prefix) return span.token.lastIndexOf(c.token, 0) === 0;
      return span.token === c.token;
    });
  }

  /* The snippet: a window of the text around the first hit, hits in <mark>. */
  function snippet(r) {
    var text = r.row[5];
    var lang = r.doc.lang;
    var spans = T.tokenSpans(text, { lang: lang }).filter(function (s) { return matches(s, r); });
    var plainSpans = T.tokenSpans(text, { lang: lang, stemming: false });
    plainSpans.forEach(function (s) {
      if (r.clauses.some(function (c) { return c.prefix && s.token.lastIndexOf(c.token, 0) === 0; })) spans.push(s);
    });
    spans.sort(function (a, b) { return a.start - b.start; });
    var from = 0;
    var to = text.length;
    var LIMIT = 320;
    if (text.length > LIMIT) {
      var first = spans.length ? spans[0].start : 0;
      from = Math.max(0, first - 100);
      to = Math.min(text.length, from + LIMIT);
    }
    var p = el("p", { class: "cs-snippet" });
    if (from > 0) p.appendChild(document.createTextNode("… "));
    var at = from;
    spans.forEach(function (s) {
      if (s.start < at || s.end > to) return;
      p.appendChild(document.createTextNode(text.slice(at, s.start)));
      p.appendChild(el("mark", { text: text.slice(s.start, s.end) }));
      at = s.end;
    });
    p.appendChild(document.createTextNode(text.slice(at, to)));
    if (to < text.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function paragraphLabel(row) {
    var kind = row[3];
    var number = row[2];
    if (kind === "footnote") return "footnote " + number;
    if (kind === "preambular") return "preambular paragraph " + row[1].replace(/^.*pp-/, "");
    if (number) return "para. " + number.replace(/\.$/, "");
    return row[1];
  }

  Search.prototype.render = function (message) {
    var self = this;
    this.renderFacets();
    var visible = this.results.filter(function (r) { return self.passes(r); });
    window.compendiumSearch.count = visible.length;
    this.list.textContent = "";
    visible.slice(0, this.shown).forEach(function (r) {
      var href = self.root + r.doc.url + "#" + r.row[1];
      var link = el("a", { href: href, class: "cs-link" }, [
        el("span", { class: "cs-symbol", text: r.doc.symbol }),
        ", ",
        el("span", { class: "cs-number", text: paragraphLabel(r.row) })
      ]);
      var meta = [r.doc.date || "undated", KIND_LABELS[r.row[3]] || r.row[3]];
      if (r.row[4]) meta.push(r.row[4]);
      if (r.doc.version !== "adopted") meta.push(r.doc.version);
      if (r.doc.lang !== "en") meta.push(r.doc.lang);
      self.list.appendChild(
        el("li", { class: "cs-result", "data-symbol": r.doc.symbol, "data-anchor": r.row[1] }, [
          link,
          snippet(r),
          el("p", { class: "cs-meta", text: meta.join(" · ") })
        ])
      );
    });
    this.more.hidden = visible.length <= this.shown;
    var loading = this.total && this.done < this.total;
    var text;
    if (message) text = message;
    else if (!this.lastQuery) text = "Type a word, a phrase in quotes or a document symbol such as 2003/30.";
    else if (!visible.length && !loading) text = "No results for “" + this.lastQuery + "”" + (this.results.length ? " with these filters." : ".");
    else text = visible.length + (visible.length === 1 ? " paragraph" : " paragraphs") + " for “" + this.lastQuery + "”" +
      (this.results.length !== visible.length ? " (" + this.results.length + " before filters)" : "") + ".";
    if (loading) text += " Searching… (" + this.done + " of " + this.total + " parts)";
    this.status.textContent = text;
  };

  /* When the query names a document of the compendium, offer its page too. */
  Search.prototype.showDocumentHint = function (q) {
    var self = this;
    var wanted = q.trim().toLowerCase();
    this.docHint.textContent = "";
    this.docHint.hidden = true;
    if (!wanted) return;
    var doc = this.manifest.documents.find(function (d) {
      return d.symbol.toLowerCase() === wanted || (d.number && d.number.toLowerCase() === wanted && d.version === "adopted" && d.lang === "en");
    });
    if (!doc) return;
    this.docHint.appendChild(document.createTextNode("The text of "));
    this.docHint.appendChild(el("a", { href: self.root + doc.url, text: doc.symbol + ": " + doc.title }));
    this.docHint.appendChild(document.createTextNode(" is in the compendium. Paragraphs citing it:"));
    this.docHint.hidden = false;
  };

  function boot() {
    var mount = document.getElementById("compendium-search");
    if (!mount || mount.getAttribute("data-ready")) return;
    mount.setAttribute("data-ready", "1");
    new Search(mount).start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
  // Material's instant navigation swaps pages without reloading scripts
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(boot);
})();
