/*
 * The compendium's search tokenizer: the same rules as compendium/search.py
 * tokenize() (document symbols, resolution and commission numbers as single
 * lower-cased tokens; other words lower-cased, English stop words dropped,
 * stemmed with lunr.stemmer; French, Spanish, Russian and Arabic words lose
 * their stop words and are stemmed by lunr-languages' lunr.fr/es/ru/ar when
 * those scripts are loaded). tests/data/tokenizer_cases.json holds the cases
 * both implementations must agree on. Needs lunr.js loaded first, then
 * vendor/lunr.stemmer.support.min.js and vendor/lunr.<lang>.min.js.
 */
(function (root) {
  "use strict";
  var lunr = root.lunr;
  if (!lunr) throw new Error("tokenizer.js: load vendor/lunr.min.js first");

  // Keep these expressions in step with compendium/search.py.
  var PART = "[A-Za-z0-9]+(?:\\.[A-Za-z0-9]+)*(?:\\([A-Za-z]+\\))?";
  var SYMBOL = PART + "(?:/" + PART + ")+(?:-" + PART + "(?:/" + PART + ")+)*";
  var COMMISSION = "[0-9]+(?: ?[A-Z])? ?\\([IVXLCDM]+\\)";
  var DOTTED = "[A-Za-z0-9]+(?:\\.[A-Za-z0-9]+)+";
  // Chinese has no spaces between words: each ideograph is a token (phrases keep the order)
  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
  var WORD = "(?:(?![" + HAN + "])[\\p{L}\\p{N}])+|[" + HAN + "]";
  var TOKEN = new RegExp("(" + COMMISSION + ")|(" + SYMBOL + ")|(" + DOTTED + ")|(" + WORD + ")", "gu");
  var WORD_RE = new RegExp(WORD, "gu");
  var DIGIT = /[0-9]/;
  var RESOLUTION_TARGET = /^[A-Z]+\/RES\/(.+)$/;

  // Languages stemmed as compendium/stemmers.py does (its LANGUAGES).
  var STEMMED = ["fr", "es", "ru", "ar"];

  /* {stopWordFilter, stemmer} of a language, or null for words only lower-cased */
  function pipelineOf(lang) {
    if (lang === "en") return lunr;
    if (STEMMED.indexOf(lang) < 0) return null;
    if (!lunr[lang] || !lunr[lang].stemmer) throw new Error("tokenizer.js: load vendor/lunr." + lang + ".min.js first");
    return lunr[lang];
  }

  function isStopWord(word, p) {
    return p.stopWordFilter(new lunr.Token(word)) === undefined;
  }

  function stem(word, p) {
    return p.stemmer(new lunr.Token(word)).toString();
  }

  /**
   * Tokens with their place in the text: [{token, start, end, symbol}].
   * options: {lang: "en", stemming: true}.
   */
  function tokenSpans(text, options) {
    var opts = options || {};
    var pipeline = pipelineOf(opts.lang || "en");
    var stemming = opts.stemming !== false;
    var out = [];
    var m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      var raw = m[0];
      var start = m.index;
      if (m[1] !== undefined) {
        out.push({ token: raw.replace(/ /g, "").toLowerCase(), start: start, end: start + raw.length, symbol: true });
        continue;
      }
      if ((m[2] !== undefined || m[3] !== undefined) && DIGIT.test(raw)) {
        out.push({ token: raw.toLowerCase(), start: start, end: start + raw.length, symbol: true });
        continue;
      }
      var words = [];
      if (m[4] !== undefined) {
        words.push({ w: raw, at: start });
      } else {
        // "and/or", "e.g": shaped like symbols but without a digit
        var w;
        WORD_RE.lastIndex = 0;
        while ((w = WORD_RE.exec(raw)) !== null) words.push({ w: w[0], at: start + w.index });
      }
      for (var i = 0; i < words.length; i++) {
        var lower = words[i].w.toLowerCase();
        if (pipeline && isStopWord(lower, pipeline)) continue;
        out.push({
          token: pipeline && stemming ? stem(lower, pipeline) : lower,
          start: words[i].at,
          end: words[i].at + words[i].w.length,
          symbol: false
        });
      }
    }
    return out;
  }

  /** The search tokens of a text, exactly as compendium.search.tokenize() makes them. */
  function tokenize(text, lang, stemming) {
    return tokenSpans(String(text), { lang: lang || "en", stemming: stemming !== false }).map(function (t) {
      return t.token;
    });
  }

  /** True for tokens made by the symbol rules (as compendium.search.is_symbol_token). */
  function isSymbolToken(token) {
    return /[\/.(]/.test(token);
  }

  /** Tokens a citation target adds to the cites field (as compendium.search.citation_tokens). */
  function citationTokens(target) {
    var tokens = [target.toLowerCase()];
    var m = RESOLUTION_TARGET.exec(target);
    if (m) tokens.push(m[1].replace(/ /g, "").toLowerCase());
    return tokens;
  }

  /**
   * A lunr tokenizer (same signature as lunr.tokenizer): lunr.Token objects
   * carrying position metadata [start, length] like lunr's own.
   */
  function lunrTokenizer(obj, metadata) {
    if (obj === null || obj === undefined) return [];
    return tokenSpans(String(obj), {}).map(function (t, i) {
      var meta = lunr.utils.clone(metadata) || {};
      meta.position = [t.start, t.end - t.start];
      meta.index = i;
      return new lunr.Token(t.token, meta);
    });
  }

  var api = {
    tokenize: tokenize,
    tokenSpans: tokenSpans,
    HAN: HAN,
    isSymbolToken: isSymbolToken,
    citationTokens: citationTokens,
    lunrTokenizer: lunrTokenizer
  };
  lunr.compendiumTokenizer = lunrTokenizer;
  root.CompendiumTokenizer = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
