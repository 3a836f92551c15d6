// The new thread's title and text live in the browser: kept as a draft on every keystroke (so a refusal, a
// failure or a reload loses nothing), read by the server only to preview or send.

function save(key, title, body) {
  try {
    if (title.value.trim().length === 0 && body.value.trim().length === 0) {
      localStorage.removeItem(key);
    } else {
      localStorage.setItem(key, JSON.stringify({ title: title.value, text: body.value }));
    }
  } catch {
    // Storage full or disabled: the text is still in the fields.
  }
}

export function attach(root, title, body, key) {
  if (!root || !title || !body || root._forumNewThread) {
    return;
  }

  root._forumNewThread = true;
  try {
    const draft = JSON.parse(localStorage.getItem(key) ?? "null");
    if (draft && !title.value && !body.value) {
      title.value = typeof draft.title === "string" ? draft.title : "";
      body.value = typeof draft.text === "string" ? draft.text : "";
    }
  } catch {
    // An unreadable draft is ignored.
  }

  // Anything typed while the page was still starting is kept too.
  if (title.value || body.value) {
    save(key, title, body);
  }

  title.addEventListener("input", () => save(key, title, body));
  body.addEventListener("input", () => save(key, title, body));

  // Capture phase: a second click is stopped before Blazor sees it; the server's answer releases it.
  root.addEventListener("click", event => {
    const submit = event.target instanceof Element ? event.target.closest("[data-testid='new-thread-submit']") : null;
    if (!submit) {
      return;
    }

    if (root._forumSending) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }

    root._forumSending = true;
    clearTimeout(root._forumRelease);
    root._forumRelease = setTimeout(() => { root._forumSending = false; }, 30000);
  }, true);

  root.dataset.draftKept = "true";
}

// The circuit refuses very long messages; a script's oversize text goes over cut just past the limit,
// so the server refuses it in words while the whole text stays here.
const longest = 40001;

export function read(title, body) {
  return [title ? title.value.slice(0, 1000) : "", body ? body.value.slice(0, longest) : ""];
}

export function ready(root) {
  if (root) {
    root._forumSending = false;
    clearTimeout(root._forumRelease);
  }
}

export function clear(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing to clear.
  }
}
