// The thread page's part in the browser: bringing a comment into sight clear of the sticky app bar, the
// fleeting highlight that says "here", the reader's order, and what this history entry had loaded and
// where it was scrolled, so that Back (or a reload) returns to the same place with the same comments.

const sortKey = 'forumapp:sort';
const stateKey = 'forumThread';
let saveTimer = 0;
let watching = false;

// The address whose view last arrived. Scrolling is saved only for it: once the address changes (a link, Back,
// another order) the scrolling that follows belongs to the view leaving, until the next view has arrived.
let arrivedAt = null;

function here() {
    return location.pathname + location.search;
}

function entryState() {
    const state = history.state && typeof history.state === 'object' ? history.state : {};
    const saved = state[stateKey];
    return saved && saved.path === here() ? saved : null;
}

// Kept beside whatever the router keeps in the entry's state, never in place of it.
function saveEntry(change) {
    const state = history.state && typeof history.state === 'object' ? history.state : {};
    const saved = { ...(entryState() ?? {}), ...change, path: here() };
    try {
        history.replaceState({ ...state, [stateKey]: saved }, '');
    } catch {
        // A browser that refuses (too many calls) only loses the place to come back to.
    }
}

function savePlace() {
    clearTimeout(saveTimer);
    saveTimer = 0;
    if (here() === arrivedAt) {
        saveEntry({ scrollY: Math.round(window.scrollY) });
    }
}

function onScroll() {
    clearTimeout(saveTimer);
    if (here() !== arrivedAt) {
        return;
    }

    saveTimer = setTimeout(savePlace, 150);
}

// A reload or a close within the scroll's quiet period would otherwise keep the place before it.
function onPageHide() {
    if (saveTimer) {
        savePlace();
    }
}

// The app bar is fixed: whatever it covers at the top of the window does not count as in sight.
function topClearance() {
    const bar = document.querySelector('.mud-appbar');
    const bottom = bar ? bar.getBoundingClientRect().bottom : 0;
    return Math.max(0, bottom) + 12;
}

function reducedMotion() {
    return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * Called once the page shows a thread. Takes over scroll restoration (the thread's length depends on what
 * was loaded, so the browser's own restoring lands short) and says what this arrival asks for.
 */
export function arrive() {
    if (!watching) {
        watching = true;
        history.scrollRestoration = 'manual';
        window.addEventListener('scroll', onScroll, { passive: true });
        window.addEventListener('pagehide', onPageHide);
    }

    const saved = entryState();
    arrivedAt = here();
    return {
        hash: location.hash || null,
        conversations: saved?.conversations ?? 0,
        wholeSubtrees: saved?.wholeSubtrees ?? [],
        scrollY: typeof saved?.scrollY === 'number' ? saved.scrollY : null,
    };
}

export function rememberedSort() {
    try {
        return localStorage.getItem(sortKey);
    } catch {
        return null;
    }
}

export function rememberSort(sort) {
    try {
        localStorage.setItem(sortKey, sort);
    } catch {
        // Private mode: the address still carries the order.
    }
}

/** What the reader has loaded in this entry, to load again on Back or reload. */
export function rememberLoaded(conversations, wholeSubtrees) {
    saveEntry({ conversations, wholeSubtrees });
}

export function scrollToY(y) {
    window.scrollTo({ top: y, behavior: 'instant' });
    // Saved at once: the layout changes that came before this restore may have saved a passing place.
    savePlace();
}

/**
 * Scrolls the first of the comments clear of the app bar and highlights them all for a moment. A reply being
 * written under it stays in sight: the reader came to write it, and its editor may have taken focus (and scrolled
 * itself into sight) before this runs.
 */
export function reveal(ids) {
    const elements = ids.map(id => document.getElementById(`c${id}`)).filter(e => e);
    if (elements.length === 0) {
        return false;
    }

    const first = elements[0];
    let top = first.getBoundingClientRect().top + window.scrollY - topClearance();
    const editor = first.querySelector("[data-testid='reply-editor']");
    if (editor) {
        const editorBottom = editor.getBoundingClientRect().bottom + window.scrollY + 12;
        top = Math.max(top, editorBottom - window.innerHeight);
    }

    window.scrollTo({ top: Math.max(0, top), behavior: reducedMotion() ? 'instant' : 'smooth' });
    for (const element of elements) {
        element.classList.remove('landed');
        // Restart the fade when the same comment is revealed twice.
        void element.offsetWidth;
        element.classList.add('landed');
        setTimeout(() => element.classList.remove('landed'), 6000);
    }

    return true;
}

export function dispose() {
    if (watching) {
        watching = false;
        clearTimeout(saveTimer);
        window.removeEventListener('scroll', onScroll);
        window.removeEventListener('pagehide', onPageHide);
        history.scrollRestoration = 'auto';
    }
}
