// Talking to the server: every answer is JSON; an error answer is {"error": "one line"}.

/** GET or POST `url`; resolves to the parsed JSON, rejects with an Error carrying the server's one line. */
export async function request(url, options = {}) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new Error("the server cannot be reached (is emoeval serve still running?)");
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (!response.ok) {
    throw new Error(body && body.error ? body.error : `HTTP ${response.status}`);
  }
  return body;
}

/** A new element: el("td", {class: "num"}, "12"). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Shows `message` in the error line `node` (hides it for null). */
export function showError(node, message) {
  node.textContent = message ? `Error: ${message}` : "";
  node.hidden = !message;
}

export function percent(value) {
  return (100 * value).toFixed(1);
}
