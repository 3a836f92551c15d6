// Drafts live in the browser, written on every keystroke without a round trip to the server, so they
// survive a failed post, a dropped connection and a reload. They are removed only after a successful post.
const prefix = "forumapp:draft:";

// A draft goes back to the server when the editor opens, and the circuit refuses messages over 128 KB.
// Only a script can put text this long into the editor (its maxlength is 10,000); such a draft stays in
// storage but is not offered, so the editor keeps working.
const longestRestoredDraft = 20000;

export function load(key) {
  try {
    const raw = localStorage.getItem(prefix + key);
    const draft = raw ? JSON.parse(raw) : null;
    return draft && typeof draft.text === "string" && draft.text.length <= longestRestoredDraft ? draft : null;
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
