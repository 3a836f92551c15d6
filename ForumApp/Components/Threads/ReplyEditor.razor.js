// Drafts live in the browser, written on every keystroke without a round trip to the server, so they
// survive a failed post, a dropped connection and a reload. They are removed after a successful post and
// at sign-out. Each key starts with its account ("u42:" or "anon:"), so one member's text is never offered
// to another who signs in on the same browser.
const prefix = "forumapp:draft:";

// A draft goes back to the server when the editor opens, and the circuit refuses messages over 128 KB.
// Only a script can put text this long into the editor (its maxlength is 10,000); such a draft stays in
// storage but is not offered, so the editor keeps working.
const longestRestoredDraft = 20000;

function read(key) {
  const raw = localStorage.getItem(prefix + key);
  const draft = raw ? JSON.parse(raw) : null;
  return draft && typeof draft.text === "string" && draft.text.length <= longestRestoredDraft ? draft : null;
}

// A member's key: any other member's drafts left here (signed out on a page without the hook) go now.
function forgetOtherAccounts(key) {
  const account = key.split(":")[0];
  if (!account.startsWith("u")) {
    return;
  }

  for (const stored of Object.keys(localStorage)) {
    if (stored.startsWith(prefix + "u") && !stored.startsWith(prefix + account + ":")) {
      localStorage.removeItem(stored);
    }
  }
}

// anonymousKey: the same place's draft written before signing in ("sign in and come back"), taken over once.
export function load(key, anonymousKey) {
  try {
    forgetOtherAccounts(key);
    const own = read(key);
    if (own || !anonymousKey) {
      return own;
    }

    const adopted = read(anonymousKey);
    if (adopted) {
      localStorage.setItem(prefix + key, JSON.stringify(adopted));
      localStorage.removeItem(prefix + anonymousKey);
    }

    return adopted;
  } catch {
    return null;
  }
}

/** Every draft in this browser, whoever wrote it. */
export function clearAll() {
  try {
    for (const stored of Object.keys(localStorage)) {
      if (stored.startsWith(prefix)) {
        localStorage.removeItem(stored);
      }
    }
  } catch {
    // Storage disabled: nothing was kept.
  }
}

/** The sign-out form clears the drafts as it is sent, before the server answers. */
export function clearOnSubmit(form) {
  if (form && !form._forumDraftsClear) {
    form._forumDraftsClear = clearAll;
    form.addEventListener("submit", clearAll);
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
