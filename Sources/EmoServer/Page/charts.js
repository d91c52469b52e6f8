// Inline SVG charts: probability bars and the confusion matrix. Drawn with DOM calls (no inline styles).
const SVG = "http://www.w3.org/2000/svg";

function svgElement(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * One horizontal bar per class. Each bar group carries data-label and data-score (the exact value received),
 * so tests and users can read the numbers behind the picture.
 */
export function barChart(labels, values, { highlight = null, title = "" } = {}) {
  const rowHeight = 20, labelWidth = 130, barWidth = 220, valueWidth = 56;
  const width = labelWidth + barWidth + valueWidth;
  const svg = svgElement("svg", { width, height: rowHeight * labels.length + 4, role: "img",
                                   "aria-label": title, class: "bars" });
  labels.forEach((label, i) => {
    const y = i * rowHeight + 2;
    const value = values[i];
    const group = svgElement("g", { "data-label": label, "data-score": String(value), class: "bar-row" });
    group.append(svgElement("text", { x: labelWidth - 6, y: y + 14, "text-anchor": "end" }, label));
    group.append(svgElement("rect", { x: labelWidth, y: y + 3, height: rowHeight - 6,
                                      width: Math.max(0, Math.min(1, value)) * barWidth,
                                      class: label === highlight ? "bar best" : "bar" }));
    group.append(svgElement("text", { x: labelWidth + barWidth + 4, y: y + 14 }, (100 * value).toFixed(1) + " %"));
    svg.append(group);
  });
  return svg;
}

/**
 * Confusion matrix: rows = true labels, columns = predicted labels (+ "other"). Cell colour = share of its row.
 * `onSelect(row, column)` is called when a cell is clicked (or activated with Enter).
 */
export function confusionMatrix(rows, columns, counts, onSelect) {
  const cell = 56, left = 70, top = 40;
  const svg = svgElement("svg", { width: left + cell * columns.length + 10, height: top + cell * rows.length + 30,
                                  class: "confusion", role: "grid", "aria-label": "confusion matrix" });
  svg.append(svgElement("text", { x: left + (cell * columns.length) / 2, y: 12, "text-anchor": "middle", class: "axis" },
                        "predicted"));
  columns.forEach((label, c) => {
    svg.append(svgElement("text", { x: left + c * cell + cell / 2, y: top - 8, "text-anchor": "middle" }, label));
  });
  rows.forEach((label, r) => {
    svg.append(svgElement("text", { x: left - 8, y: top + r * cell + cell / 2 + 4, "text-anchor": "end" }, label));
    const rowTotal = counts[r].reduce((a, b) => a + b, 0);
    columns.forEach((_, c) => {
      const n = counts[r][c];
      const share = rowTotal > 0 ? n / rowTotal : 0;
      // White → blue for the diagonal, white → red elsewhere.
      const hue = r === c ? "37, 99, 166" : "180, 35, 24";
      const rect = svgElement("rect", { x: left + c * cell, y: top + r * cell, width: cell, height: cell,
                                        fill: `rgba(${hue}, ${(0.08 + 0.8 * share).toFixed(3)})`, class: "cell",
                                        tabindex: "0", role: "gridcell", "data-row": r, "data-column": c,
                                        "data-count": n, "aria-label": `true ${label}, predicted ${columns[c]}: ${n}` });
      rect.addEventListener("click", () => onSelect(r, c, rect));
      rect.addEventListener("keydown", (event) => { if (event.key === "Enter") onSelect(r, c, rect); });
      svg.append(rect);
      const text = svgElement("text", { x: left + c * cell + cell / 2, y: top + r * cell + cell / 2 + 4,
                                        "text-anchor": "middle", "pointer-events": "none" }, String(n));
      svg.append(text);
    });
  });
  svg.append(svgElement("text", { x: 4, y: top + cell * rows.length + 20, class: "axis" }, "rows: true label"));
  return svg;
}
