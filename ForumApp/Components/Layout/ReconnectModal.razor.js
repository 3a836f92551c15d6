// Blazor tells the banner how the connection is doing; the banner tells the reader in one calm line and
// tells the editors (through window.forumConnection and a "forum-connection" event on document), so a
// post sent while the connection is away waits for it instead of being lost.
//   up:   connected (the reader is told "Reconnected" briefly after a drop)
//   down: the connection dropped; Blazor is trying to get the same circuit back
//   lost: the circuit cannot come back; only a reload continues (drafts are kept in the browser)
const banner = document.getElementById("components-reconnect-modal");
const text = banner?.querySelector(".connection-text");
const reload = document.getElementById("components-reconnect-button");
const reconnectedShownForMs = 3000;
let hideTimer = 0;

window.forumConnection = "up";

function tell(state, words) {
    clearTimeout(hideTimer);
    window.forumConnection = state;
    banner.classList.remove("up", "down", "lost");
    banner.classList.add("visible", state);

    // Room below the page's end, so the banner never sits over its last lines.
    document.body.style.paddingBottom = "4rem";
    text.textContent = words;
    reload.hidden = state !== "lost";
    document.dispatchEvent(new CustomEvent("forum-connection", { detail: state }));
}

function onStateChanged(event) {
    switch (event.detail.state) {
        case "show":
        case "retrying":
            tell("down", "Connection lost — reconnecting…");
            break;
        case "hide":
            if (window.forumConnection === "up") {
                return;
            }

            tell("up", "Reconnected");
            hideTimer = setTimeout(() => {
                banner.classList.remove("visible");
                document.body.style.paddingBottom = "";
            }, reconnectedShownForMs);
            break;
        case "failed":
        case "rejected":
        case "paused":
        case "resume-failed":
            tell("lost", "Could not reconnect. Your draft is kept — reload to continue.");
            break;
    }
}

if (banner && text && reload) {
    banner.addEventListener("components-reconnect-state-changed", onStateChanged);
    reload.addEventListener("click", () => location.reload());
}
