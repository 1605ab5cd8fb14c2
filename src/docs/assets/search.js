// partnerdesk help: client-side search over <lang>/search-index.json, built by
// `partnerdesk docs build`. No server and no external request. Text is folded
// the way the generator folds the index: NFD, combining marks removed,
// lowercase, anything but letters and digits turned into spaces. A light
// stemmer lets `activer` find `Activé` (both become `activ…`).
(function () {
  "use strict";
  var SUFFIXES = {
    fr: ["ements", "ement", "ations", "ation", "ees", "ee", "es", "er", "ez", "e", "s"],
    en: ["ing", "ed", "es", "s"]
  };

  function fold(text) {
    return String(text)
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .replace(/ß/g, "ss")
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  }

  function stem(word, lang) {
    var list = SUFFIXES[lang] || [];
    for (var i = 0; i < list.length; i++) {
      var suffix = list[i];
      if (word.length - suffix.length >= 4 && word.slice(-suffix.length) === suffix) {
        return word.slice(0, -suffix.length);
      }
    }
    return word;
  }

  // True when a word of `haystack` (folded, space-separated) starts with `prefix`.
  function hasWordStartingWith(haystack, prefix) {
    return (" " + haystack).indexOf(" " + prefix) !== -1;
  }

  // A search function over the entries of a search-index.json.
  function searcher(entries, lang) {
    var items = entries.map(function (e) {
      return {
        entry: e,
        fields: [
          [fold(e.title), 10],
          [(e.headings || []).join(" "), 5],
          [fold(e.description), 3],
          [e.text || "", 1]
        ]
      };
    });
    return function (query) {
      var words = fold(query)
        .split(" ")
        .filter(Boolean)
        .map(function (w) {
          return stem(w, lang);
        });
      if (words.length === 0) {
        return [];
      }
      var hits = [];
      items.forEach(function (item) {
        var score = 0;
        var all = words.every(function (word) {
          var found = false;
          item.fields.forEach(function (field) {
            if (hasWordStartingWith(field[0], word)) {
              score += field[1];
              found = true;
            }
          });
          return found;
        });
        if (all) {
          hits.push({ entry: item.entry, score: score });
        }
      });
      hits.sort(function (a, b) {
        return b.score - a.score;
      });
      return hits.map(function (hit) {
        return hit.entry;
      });
    };
  }

  if (typeof document === "undefined") {
    // Outside a browser (the generator's tests run it under Node).
    if (typeof module === "object" && module.exports) {
      module.exports = { fold: fold, stem: stem, searcher: searcher };
    }
    return;
  }
  var results = document.getElementById("search-results");
  var input = document.getElementById("search-input");
  if (!results || !input) {
    return;
  }
  var lang = results.getAttribute("data-lang") || "en";

  var search = null;
  var pending = null;

  function load() {
    if (!pending) {
      pending = fetch(results.getAttribute("data-index"))
        .then(function (response) {
          return response.json();
        })
        .catch(function () {
          return [];
        })
        .then(function (entries) {
          search = searcher(entries, lang);
        });
    }
    return pending;
  }

  function countText(n) {
    var form = "other";
    try {
      form = new Intl.PluralRules(lang).select(n);
    } catch (e) {
      form = n === 1 ? "one" : "other";
    }
    var template = results.getAttribute(form === "one" ? "data-count-one" : "data-count-other") || "{n}";
    return template.replace("{n}", String(n));
  }

  function show(query) {
    var hits = search(query);
    results.textContent = "";
    if (!fold(query)) {
      return;
    }
    var status = document.createElement("p");
    status.className = "search-status";
    status.textContent = hits.length === 0 ? results.getAttribute("data-no-results") : countText(hits.length);
    results.appendChild(status);
    if (hits.length === 0) {
      return;
    }
    var list = document.createElement("ol");
    list.className = "search-hits";
    hits.forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = hit.url;
      a.textContent = hit.title;
      var p = document.createElement("p");
      p.textContent = hit.description;
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    results.appendChild(list);
  }

  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q") || "";
  input.value = initial;
  load().then(function () {
    show(input.value);
  });
  input.addEventListener("input", function () {
    var query = input.value;
    if (window.history && window.history.replaceState) {
      var url = new URL(window.location.href);
      url.searchParams.set("q", query);
      window.history.replaceState(null, "", url.toString());
    }
    load().then(function () {
      show(query);
    });
  });
})();
