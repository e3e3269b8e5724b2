/* The offline edition (compendium offline): the site opened from the file system.
 *
 * Chromium refuses fetch() of file:// URLs, so the offline edition carries every
 * JSON file the pages load (the search index shards, term maps, display data) a
 * second time as a script, "<file>.js", that stores the parsed data in
 * window.__compendiumFiles under its path from the site root (for a gzip file,
 * "index-3.json.gz", its bytes in base64: the search inflates them as it does
 * online). On a file: page
 * this script wraps fetch(): a request for such a file loads its script and
 * answers with the data, so the search (compendium/static/search/search.js)
 * runs unchanged. It also sends links to folders ("…/E-RES-2004-28/#op-12"),
 * including the ones scripts write, to the folder's index.html, which a browser
 * does not do on the file system. Over http it does nothing.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/offline\/offline\.js(\?.*)?$/, "") : "";
  var files = (window.__compendiumFiles = window.__compendiumFiles || {});
  var loading = {};

  function load(key, url) {
    if (!loading[key]) {
      loading[key] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = url + ".js";
        tag.onload = function () {
          if (Object.prototype.hasOwnProperty.call(files, key)) resolve(files[key]);
          else reject(new Error(key + ": not in the offline edition"));
        };
        tag.onerror = function () { reject(new Error(key + ": not in the offline edition")); };
        document.head.appendChild(tag);
      });
    }
    return loading[key];
  }

  function response(data) {
    var text = JSON.stringify(data);
    return {
      ok: true,
      status: 200,
      json: function () { return Promise.resolve(JSON.parse(text)); },
      text: function () { return Promise.resolve(text); },
      arrayBuffer: function () { return Promise.resolve(new TextEncoder().encode(text).buffer); }
    };
  }

  /* A gzip file's response: its bytes, stored in base64. */
  function gzipResponse(base64) {
    return {
      ok: true,
      status: 200,
      arrayBuffer: function () {
        var binary = atob(base64);
        var bytes = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
        return Promise.resolve(bytes.buffer);
      }
    };
  }

  var original = window.fetch ? window.fetch.bind(window) : null;
  window.fetch = function (input, init) {
    var url = new URL(typeof input === "string" ? input : input.url, document.baseURI);
    url.hash = "";
    url.search = "";
    var href = url.href;
    if (root && href.indexOf(root) === 0 && /\.json$/.test(href)) {
      return load(decodeURI(href.slice(root.length)), href).then(response);
    }
    if (root && href.indexOf(root) === 0 && /\.json\.gz$/.test(href)) {
      return load(decodeURI(href.slice(root.length)), href).then(gzipResponse);
    }
    if (original) return original(input, init);
    return Promise.reject(new Error("fetch is not available"));
  };

  function toIndex(href) {
    var url = new URL(href, document.baseURI);
    if (url.protocol !== "file:" || !/\/$/.test(url.pathname)) return null;
    url.pathname += "index.html";
    return url.href;
  }

  document.addEventListener("click", function (event) {
    var a = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!a || event.defaultPrevented || event.button !== 0) return;
    var target = toIndex(a.getAttribute("href"));
    if (target) a.setAttribute("href", target);
  }, true);
})();
