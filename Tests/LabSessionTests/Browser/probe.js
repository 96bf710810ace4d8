// Added to a copy of a handout by HandoutBrowser: measures the page once its fonts are in and
// sends the findings, as JSON, to the frame's parent.
(async () => {
  await document.fonts.ready;
  const viewport = document.documentElement.clientWidth;
  const found = {
    width: viewport,
    dark: getComputedStyle(document.documentElement).backgroundColor !== "rgb(255, 255, 255)",
    overflow: [], cut: [], smallChartText: [], lowContrast: [], fonts: [],
    hasMath: document.querySelector("math") !== null,
  };
  const name = (el) => {
    const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60);
    const id = el.closest("[id]");
    return `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""}`
      + `${id ? " in #" + id.id : ""}: "${text}"`;
  };
  const scrolls = (el) => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
  const insideScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) return true;
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.id === "labrun-probe" || el.tagName === "SCRIPT") continue;
    if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > viewport + 1 && !insideScroller(el)) found.overflow.push(name(el));
    if (el.tagName === "PRE" && el.scrollWidth > el.clientWidth + 1) found.cut.push(name(el));
  }
  // Text that overflows its own box (a long word) widens the page without any element doing so.
  const page = document.documentElement.scrollWidth;
  if (page > viewport + 1) found.overflow.push(`the page is ${page} px wide in a ${viewport} px window`);
  for (const text of document.querySelectorAll("figure svg text")) {
    const m = text.getScreenCTM();
    const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b);
    if (size < 9.95 && text.textContent.trim() !== "") found.smallChartText.push(`${size.toFixed(1)} px: ${name(text)}`);
  }
  for (const face of document.fonts) found.fonts.push(`${face.family.replace(/"/g, "")}:${face.status}`);
  // A superscript prime drawn in the font's script-style form ("ssty", which the embedded font
  // registers for every script) is wider than the baseline prime; as wide means a speck.
  if (found.hasMath && document.querySelector("math .prime")) {
    const probe = document.createElement("p");
    probe.innerHTML = '<math><msup><mi>f</mi><mo lspace="0" rspace="0" class="prime">′</mo></msup>'
      + '<msup><mi>f</mi><mo lspace="0" rspace="0">′</mo></msup></math>';
    document.body.append(probe);
    const [styled, plain] = [...probe.querySelectorAll("mo")].map((mo) => mo.getBoundingClientRect().width);
    found.primeWidths = [styled, plain];
    probe.remove();
  }

  // WCAG 2 contrast of each element's own text against the background it is drawn on.
  const rgba = (value) => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const parts = m[1].split(/[ ,/]+/).filter((s) => s !== "").map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, bottom) => top.slice(0, 3).map((c, i) => c * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const background = (el) => {
    const layers = [];
    for (let p = el; p; p = p.parentElement) {
      const bg = rgba(getComputedStyle(p).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    let color = [255, 255, 255, 1];
    if (!layers.length || layers[layers.length - 1][3] < 1) color = rgba(getComputedStyle(document.documentElement).backgroundColor)[3] > 0
      ? rgba(getComputedStyle(document.documentElement).backgroundColor) : color;
    for (const layer of layers.reverse()) color = over(layer, color);
    return color;
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.id === "labrun-probe" || el.closest("svg") || el.closest("math") || el.tagName === "SCRIPT") continue;
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== "");
    if (!ownText) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    let opacity = 1;
    for (let p = el; p; p = p.parentElement) opacity *= Number(getComputedStyle(p).opacity);
    const back = background(el);
    const fore = rgba(getComputedStyle(el).color);
    const seen = over([fore[0], fore[1], fore[2], fore[3] * opacity], back);
    const [l1, l2] = [luminance(seen), luminance(back)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    if (ratio < 4.5) found.lowContrast.push(`${ratio.toFixed(2)}:1 ${name(el)}`);
  }
  // The copy button of the first code block answers a click.
  const copy = document.querySelector("pre.code button.copy");
  if (copy) {
    copy.click();
    await new Promise((resolve) => setTimeout(resolve, 100));
    found.copy = copy.textContent;
  }
  // The page runs in a frame of the width under test (headless Chromium's window is at least
  // 500 px wide); the frame's parent writes what it is sent into its own DOM.
  parent.postMessage(JSON.stringify(found), "*");
})();
