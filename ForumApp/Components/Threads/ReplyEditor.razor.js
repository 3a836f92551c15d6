// Drafts live in the browser, written on every keystroke without a round trip to the server, so they
// survive a failed post, a dropped connection and a reload. They are removed after a successful post and
// at sign-out (LogoutForm.razor.js). Each key starts with its account ("u42:" or "anon:"), so one member's
// text is never offered to another who signs in on the same browser.
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

/**
 * Puts the caret in the editor and brings the whole editor, its buttons too, into sight. On arrival the page may
 * have been placed (ThreadPage.razor.js, reveal) before the editor took its full size, and the browser does not
 * scroll to a textarea that is already partly in sight.
 * An editor is also made anew when its card comes back (its conversation folded and shown again, or its card moved
 * among its parent's replies): it then takes the caret only if nothing else on the page holds it, so a reader who
 * just pressed a toggle or a button keeps their place and the page does not jump to the editor.
 */
export function focus(element) {
  if (!element) {
    return;
  }

  const holder = document.activeElement;
  if (holder && holder !== document.body && !element.closest('article')?.contains(holder)) {
    return;
  }

  element.focus({ preventScroll: true });
  const box = (element.closest("[data-testid='reply-editor']") ?? element).getBoundingClientRect();
  const bar = document.querySelector('.mud-appbar');
  const clearance = Math.max(0, bar ? bar.getBoundingClientRect().bottom : 0) + 12;
  // Its bottom into the window; but its top wins, never hidden under the app bar, when it is taller than that.
  const by = Math.min(Math.max(0, box.bottom + 12 - window.innerHeight), box.top - clearance);
  if (by !== 0) {
    window.scrollBy({ top: by, behavior: 'instant' });
  }
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
export function init(root, textarea, dotnet, limit, mentions) {
  if (!root || !textarea || textarea._forumEditor) {
    return;
  }

  textarea._forumEditor = true;
  if (mentions && dotnet) {
    // First, so that its keys (Enter, Esc) are taken before the editor's own shortcuts see them.
    attachMentions(textarea, root.querySelector("[data-testid='mention-list']"), root.querySelector("[data-testid='mention-status']"), dotnet);
  }

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

// "@name" autocomplete. The text never waits for it: the names are asked for after a pause in typing, an
// answer for anything but the token now before the caret is dropped, and the list only ever adds keys
// (arrows, Enter, Tab, Esc) while it is open.

const mentionPauseMs = 150;
const longestMentionPrefix = 32;

// As MentionLinks reads a mention: an "@" not after a name character, then a letter or digit, then name
// characters, up to the caret.
const mentionBeforeCaret = /(?:^|[^\p{L}\p{Nd}._@-])@([\p{L}\p{Nd}][\p{L}\p{Nd}._-]*)$/u;

function mentionToken(textarea) {
  const caret = textarea.selectionStart;
  if (caret !== textarea.selectionEnd || textarea.readOnly || textarea.disabled) {
    return null;
  }

  const match = mentionBeforeCaret.exec(textarea.value.slice(Math.max(0, caret - longestMentionPrefix - 2), caret));
  if (!match || match[1].length > longestMentionPrefix) {
    return null;
  }

  return { prefix: match[1], start: caret - match[1].length - 1, end: caret };
}

// A text area cannot carry aria-expanded (its role is textbox, not combobox): the list's opening is told
// through the status line next to it instead, and the highlighted name through aria-activedescendant.
function attachMentions(textarea, list, status, dotnet) {
  if (!list) {
    return;
  }

  const state = { options: [], active: -1, token: null, timer: 0, asked: 0 };

  const close = () => {
    clearTimeout(state.timer);
    state.asked++;
    state.options = [];
    state.active = -1;
    state.token = null;
    list.hidden = true;
    list.replaceChildren();
    textarea.removeAttribute("aria-activedescendant");
    if (status) {
      status.textContent = "";
    }
  };

  const highlight = index => {
    state.active = index;
    list.querySelectorAll("[role='option']").forEach((option, i) => {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
      if (i === index) {
        textarea.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
    });
  };

  const insert = index => {
    const chosen = state.options[index];
    const token = state.token;
    close();
    if (!chosen || !token) {
      return;
    }

    // Through the editing commands, so the browser's undo takes it back; the input event that follows keeps
    // the draft and the counter up to date.
    const text = `@${chosen.mention} `;
    textarea.focus();
    textarea.setSelectionRange(token.start, token.end);
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      textarea.setRangeText(text, token.start, token.end, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  };

  const show = (token, options) => {
    if (options.length === 0) {
      close();
      return;
    }

    state.options = options;
    state.token = token;
    list.replaceChildren(...options.map((option, i) => {
      const item = document.createElement("li");
      item.id = `${list.id}-${i}`;
      item.className = "mention-option";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.mention = option.mention;
      item.textContent = option.displayName;
      return item;
    }));
    list.hidden = false;
    highlight(0);
    if (status) {
      status.textContent = `${options.length === 1 ? "1 member" : `${options.length} members`} to mention: up and down arrows to choose, Enter to insert, Esc to close.`;
    }
  };

  const ask = () => {
    const token = mentionToken(textarea);
    if (!token) {
      close();
      return;
    }

    const asked = ++state.asked;
    dotnet.invokeMethodAsync("SuggestMentions", token.prefix).then(options => {
      // Typing went on meanwhile: this answer is for a prefix that is no longer there.
      const now = mentionToken(textarea);
      if (asked === state.asked && now && now.prefix === token.prefix && now.start === token.start) {
        show(now, options || []);
      }
    }).catch(() => { });
  };

  textarea.addEventListener("input", () => {
    clearTimeout(state.timer);
    if (!mentionToken(textarea)) {
      close();
      return;
    }

    state.timer = setTimeout(ask, mentionPauseMs);
  });

  textarea.addEventListener("keydown", event => {
    if (list.hidden || event.isComposing || event.keyCode === 229 || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }

    const count = state.options.length;
    let handled = true;
    if (event.key === "ArrowDown") {
      highlight((state.active + 1) % count);
    } else if (event.key === "ArrowUp") {
      highlight((state.active - 1 + count) % count);
    } else if ((event.key === "Enter" && !event.shiftKey) || event.key === "Tab") {
      insert(state.active);
    } else if (event.key === "Escape") {
      close();
    } else {
      handled = false;
    }

    if (handled) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  });

  // Moving the caret away from the token (a click, Home, End) closes the list; so does leaving the editor.
  textarea.addEventListener("click", () => {
    if (!list.hidden && !mentionToken(textarea)) {
      close();
    }
  });
  textarea.addEventListener("keyup", event => {
    if (!list.hidden && ["ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"].includes(event.key) && !mentionToken(textarea)) {
      close();
    }
  });
  textarea.addEventListener("blur", close);

  // The textarea keeps the focus while an option is pressed, so the caret (and the token) stay where they are.
  list.addEventListener("pointerdown", event => event.preventDefault());
  list.addEventListener("mousedown", event => event.preventDefault());
  list.addEventListener("click", event => {
    const option = event.target instanceof Element ? event.target.closest("[role='option']") : null;
    if (option && list.contains(option)) {
      insert([...list.children].indexOf(option));
    }
  });
}
