// Drafts live in the browser, written on every keystroke without a round trip to the server, so they
// survive a failed post, a dropped connection and a reload. They are removed only after a successful post.
const prefix = "forumapp:draft:";

export function load(key) {
  try {
    const raw = localStorage.getItem(prefix + key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export function attach(textarea, key, requestId) {
  if (!textarea) {
    return;
  }

  if (textarea._forumDraftSave) {
    textarea.removeEventListener("input", textarea._forumDraftSave);
  }

  const save = () => {
    try {
      if (textarea.value.trim().length === 0) {
        localStorage.removeItem(prefix + key);
      } else {
        localStorage.setItem(prefix + key, JSON.stringify({ text: textarea.value, requestId }));
      }
    } catch {
      // Storage full or disabled: the text is still in the editor.
    }
  };
  textarea._forumDraftSave = save;
  textarea.addEventListener("input", save);
}

export function clear(key) {
  try {
    localStorage.removeItem(prefix + key);
  } catch {
    // Nothing to clear.
  }
}

export function focus(element) {
  element?.focus({ preventScroll: false });
}
