// Loaded by every page, static or interactive, as the page loads: a sign-out form clears this browser's drafts
// as it is sent, so the next person to sign in here never finds this member's text. Listening on the document
// means the form needs no script of its own, a sign-out pressed the moment its menu opens is not missed, and
// a reader's page does not load the editor's script for it.

// Every draft's key starts with this (ReplyEditor.razor.js, NewThreadPage), whoever wrote it.
const draftPrefix = "forumapp:draft:";

function clearDrafts() {
  try {
    for (const stored of Object.keys(localStorage)) {
      if (stored.startsWith(draftPrefix)) {
        localStorage.removeItem(stored);
      }
    }
  } catch {
    // Storage disabled: nothing was kept.
  }
}

document.addEventListener("submit", event => {
  if (event.target instanceof HTMLFormElement && event.target.hasAttribute("data-clears-drafts")) {
    clearDrafts();
  }
}, true);
