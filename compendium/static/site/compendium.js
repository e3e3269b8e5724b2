/* The compendium's own behaviour: copy a paragraph's deep link, copy its
 * citation, filter the timeline. Served from the site itself; no network. */
(function () {
  "use strict";

  /* A polite live region announces what was copied (and is the visible confirmation). */
  function status(message) {
    var region = document.getElementById("cmp-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "cmp-status";
      region.className = "cmp-status";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = message;
    region.classList.add("cmp-status--shown");
    clearTimeout(status.timer);
    status.timer = setTimeout(function () {
      region.classList.remove("cmp-status--shown");
    }, 2500);
  }

  /* Clipboard API where the page is a secure context; a selected textarea otherwise
   * (http on a LAN, file://). Resolves to true when the text was copied. */
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return fallbackCopy(text); }
      );
    }
    return Promise.resolve(fallbackCopy(text));
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function deepLink(id) {
    return location.href.split("#")[0] + "#" + encodeURIComponent(id);
  }

  function announce(ok, what, text) {
    status(ok ? "Copied " + what + ": " + text : "Could not copy; " + what + ": " + text);
  }

  /* A paragraph's plain words as the page shows them, without footnote markers
     (compendium.model.plain_text of its source). */
  function paragraphText(para) {
    var holder = para.querySelector(":scope > .para-text");
    if (!holder) return "";
    var words = holder.cloneNode(true);
    words.querySelectorAll("sup.fnref").forEach(function (sup) { sup.remove(); });
    return words.textContent.replace(/\s+/g, " ").trim();
  }

  /* Copy for drafting: the lead the page carries (data-drafting) and the paragraph's words,
     as compendium.drafting.complete joins them. */
  function draftingText(para) {
    var lead = para.getAttribute("data-drafting");
    var text = paragraphText(para);
    var skip = para.getAttribute("data-drafting-skip");
    if (skip === null) return lead + text + "\u201d,";
    return lead + " " + text.slice(parseInt(skip, 10)).replace(/^\s+/, "").replace(/[;.:]$/, "") + ",";
  }
  window.compendiumDraftingText = draftingText;

  /* Every citable paragraph carries data-cite (its citation) and an id (its anchor). */
  function enhanceParagraphs(root) {
    var paragraphs = root.querySelectorAll("[data-cite][id]");
    Array.prototype.forEach.call(paragraphs, function (para) {
      if (para.querySelector(":scope > .cmp-cite")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cmp-cite";
      var labelled = para.closest("[data-cite-label]");
      button.textContent = labelled ? labelled.getAttribute("data-cite-label") : "Cite";
      button.title = "Copy the citation: " + para.getAttribute("data-cite");
      button.setAttribute("aria-label", "Cite this paragraph: " + para.getAttribute("data-cite"));
      para.appendChild(button);
      if (para.hasAttribute("data-drafting")) {
        var drafting = document.createElement("button");
        drafting.type = "button";
        drafting.className = "cmp-drafting";
        /* Labels from the page (site-strings.yaml), like the Cite label; English where absent. */
        var draftingLabelled = para.closest("[data-drafting-label]");
        drafting.textContent = draftingLabelled ? draftingLabelled.getAttribute("data-drafting-label") : "Copy for drafting";
        drafting.title = draftingLabelled ? draftingLabelled.getAttribute("data-drafting-title") : "Copy the paragraph as a new text would recall it";
        para.appendChild(drafting);
      }
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest(".cmp-cite, .cmp-drafting, a.cmp-permalink") : null;
    if (!target) return;
    var para = target.closest("[id]");
    if (target.classList.contains("cmp-drafting")) {
      var text = draftingText(target.closest("[data-drafting]"));
      copy(text).then(function (ok) { announce(ok, "text for drafting", text); });
      return;
    }
    if (target.classList.contains("cmp-cite")) {
      var cite = target.closest("[data-cite]").getAttribute("data-cite");
      copy(cite).then(function (ok) { announce(ok, "citation", cite); });
      return;
    }
    if (target.classList.contains("cmp-permalink") && para) {
      /* Let the browser follow the link (the address bar shows it), and copy it. */
      var anchor = (target.getAttribute("href") || "").replace(/^#/, "") || para.id;
      var link = deepLink(decodeURIComponent(anchor));
      copy(link).then(function (ok) { announce(ok, "link", link); });
    }
  });

  /* Timeline: filter entries by organ and category; years with nothing left are hidden. */
  function enhanceTimeline(root) {
    var form = root.querySelector("form.cmp-timeline-filter");
    if (!form) return;
    form.hidden = false;
    function apply() {
      var organ = form.elements.organ.value;
      var category = form.elements.category.value;
      var shown = 0;
      root.querySelectorAll(".cmp-timeline-year").forEach(function (year) {
        var visible = 0;
        year.querySelectorAll("[data-organ]").forEach(function (entry) {
          var ok = (!organ || entry.getAttribute("data-organ") === organ) &&
            (!category || (" " + entry.getAttribute("data-categories") + " ").indexOf(" " + category + " ") >= 0);
          entry.hidden = !ok;
          if (ok) visible++;
        });
        year.hidden = visible === 0;
        shown += visible;
      });
      var count = form.querySelector(".cmp-timeline-count");
      if (count) count.textContent = shown + (shown === 1 ? " entry" : " entries");
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    apply();
  }

  function init() {
    enhanceParagraphs(document);
    enhanceTimeline(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
