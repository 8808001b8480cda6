// Tabs (WAI-ARIA tabs pattern: arrow keys move between tabs, Tab moves into the panel), one per mode.

import { $ } from "./view.js";

/** The modes that have an address of their own (#play, #teach); Classify is the page without one. */
const MODE_HASHES = { "tab-play": "#play", "tab-teach": "#teach" };

export function setUpTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab, focus) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute("aria-controls")).hidden = !selected;
    }
    if (focus) tab.focus();
    history.replaceState(null, "", MODE_HASHES[tab.id] ?? location.pathname + location.search);
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index };
      if (!(event.key in moves)) return;
      event.preventDefault();
      select(tabs[(index + moves[event.key] + tabs.length) % tabs.length], true);
    });
  });
  // A link to a mode (the "teach it your hand" pointers) switches to it and moves focus to its tab.
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[href^='#']");
    const tab = link && tabs.find((t) => MODE_HASHES[t.id] === link.getAttribute("href"));
    if (!tab) return;
    event.preventDefault();
    select(tab, true);
  });
  const start = tabs.find((tab) => MODE_HASHES[tab.id] === location.hash);
  if (start) select(start, false);
}
