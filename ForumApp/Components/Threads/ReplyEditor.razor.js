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

// Typing stays in the browser: the server never writes the textarea's value after the first render, so a
// slow round trip can neither drop nor reorder keystrokes, and the browser's own undo history stays intact.
// The server asks for the text only when it needs it (send, preview).

const typingSignalEveryMs = 2000;
const sendingGivesUpAfterMs = 30000;

function countScalars(text) {
  let count = 0;
  for (const _ of text.trim()) {
    count++;
  }

  return count;
}

function showCount(textarea) {
  const counter = textarea._forumCounter;
  if (!counter) {
    return;
  }

  const count = countScalars(textarea.value);
  counter.textContent = `${count.toLocaleString("en-US")} / ${textarea._forumLimit.toLocaleString("en-US")}`;
  counter.classList.toggle("over", count > textarea._forumLimit);
}

/**
 * Wires the editor: the counter, the "is replying" signal (no text, at most every 2 s), Esc to cancel,
 * Ctrl/Cmd+Enter to send, and a send button that refuses a second click until the server has answered.
 */
export function init(root, textarea, dotnet, limit) {
  if (!root || !textarea || textarea._forumEditor) {
    return;
  }

  textarea._forumEditor = true;
  textarea._forumCounter = root.querySelector("[data-testid='editor-counter']");
  textarea._forumLimit = limit;
  let lastSignal = 0;

  textarea.addEventListener("input", () => {
    textarea._forumTyped = true;
    showCount(textarea);
    const now = Date.now();
    if (dotnet && now - lastSignal >= typingSignalEveryMs) {
      lastSignal = now;
      dotnet.invokeMethodAsync("OnBrowserTyping").catch(() => { });
    }
  });

  textarea.addEventListener("keydown", event => {
    // An IME composition owns its keys (Enter confirms a candidate, Esc cancels it).
    if (event.isComposing || event.keyCode === 229) {
      return;
    }

    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      root.querySelector("[data-testid='editor-submit']")?.click();
    } else if (event.key === "Escape") {
      const cancel = root.querySelector("[data-testid='editor-cancel']");
      if (cancel) {
        event.preventDefault();
        cancel.click();
      }
    }
  });

  // Capture phase: the second click is stopped before Blazor sees it, even while the circuit is away.
  root.addEventListener("click", event => {
    const submit = event.target instanceof Element ? event.target.closest("[data-testid='editor-submit']") : null;
    if (!submit || !root.contains(submit)) {
      return;
    }

    // The connection is away: Blazor would drop this click. The send waits here and goes, with the same
    // request id, once the same circuit is back; the reader is told it has not been sent yet.
    if (window.forumConnection && window.forumConnection !== "up") {
      event.preventDefault();
      event.stopImmediatePropagation();
      root._forumPending = true;
      showPending(root, window.forumConnection);
      return;
    }

    if (root._forumSending) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }

    root._forumSending = true;
    // Disabled after this click has been dispatched, so Blazor still receives it. The server's render
    // enables it again; if the click was lost with the connection, the reader may try again later.
    setTimeout(() => {
      if (root._forumSending) {
        submit.disabled = true;
      }
    });
    clearTimeout(root._forumRelease);
    root._forumRelease = setTimeout(() => {
      root._forumSending = false;
      submit.disabled = false;
    }, sendingGivesUpAfterMs);
  }, true);

  const onConnection = event => {
    if (!root.isConnected) {
      document.removeEventListener("forum-connection", onConnection);
      return;
    }

    if (event.detail !== "up") {
      if (root._forumPending) {
        showPending(root, event.detail);
      }

      return;
    }

    // A send whose answer was lost with the connection: the reader may send again (the same request id
    // makes a second arrival harmless). A send held back while away goes now.
    const submit = root.querySelector("[data-testid='editor-submit']");
    if (root._forumSending && submit) {
      ready(root);
      submit.disabled = false;
    }

    if (root._forumPending) {
      root._forumPending = false;
      showPending(root, null);
      submit?.click();
    }
  };
  document.addEventListener("forum-connection", onConnection);

  showCount(textarea);
}

const pendingWords = {
  down: "Not sent yet: the connection dropped. It will be sent as soon as the connection is back; your text is kept.",
  lost: "Not sent: the connection could not be restored. Your text is kept as a draft; reload the page to send it.",
};

function showPending(root, state) {
  const pending = root.querySelector("[data-testid='editor-pending']");
  if (!pending) {
    return;
  }

  pending.hidden = !state;
  pending.classList.toggle("lost", state === "lost");
  pending.textContent = state ? pendingWords[state] : "";
}

/** The server has answered a send; its own render sets whether the button is enabled. */
export function ready(root) {
  if (root) {
    root._forumSending = false;
    clearTimeout(root._forumRelease);
  }
}

// Only a script gets more than the textarea's maxlength in, and the circuit refuses messages over 128 KB:
// such text goes over cut just past the longest draft offered back, so the server refuses it in words as too
// long while the whole text stays here.
export function getText(textarea) {
  const text = textarea ? textarea.value : "";
  return text.length > longestRestoredDraft ? text.slice(0, longestRestoredDraft + 1) : text;
}

/** A restored draft or an edit's body; never over what the reader has already typed. */
export function setText(textarea, text) {
  if (!textarea || textarea._forumTyped) {
    return;
  }

  textarea.value = text ?? "";
  showCount(textarea);
}

/**
 * After a successful post: what was sent goes; anything typed while it was on its way stays.
 */
export function clearSent(textarea, sent) {
  if (!textarea) {
    return;
  }

  const value = textarea.value;
  textarea.value = value.startsWith(sent) ? value.slice(sent.length).replace(/^\s+/, "") : value;
  textarea._forumTyped = textarea.value.length > 0;
  showCount(textarea);
}
