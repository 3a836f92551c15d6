// Reports which comments the reader has had in sight, so the server can move their read mark. Each comment is
// reported once; reports go at most every two seconds, and what is pending goes when the page is hidden or left.

const reportEvery = 2000;
const commentSelector = 'article.comment[data-comment-id]';

export function start(dotNet) {
    const reported = new Set();
    let pending = [];
    let timer = 0;

    const send = () => {
        timer = 0;
        if (pending.length === 0) {
            return;
        }

        const ids = pending;
        pending = [];
        dotNet.invokeMethodAsync('Seen', ids).catch(() => {
            // The circuit is gone: the next visit starts from the last mark recorded.
        });
    };

    // Seen means mostly in the window, or (for a comment taller than that) filling a good part of it.
    const observer = new IntersectionObserver(entries => {
        for (const entry of entries) {
            const inSight = entry.isIntersecting
                && (entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= window.innerHeight * 0.4);
            if (!inSight) {
                continue;
            }

            observer.unobserve(entry.target);
            const id = Number(entry.target.dataset.commentId);
            if (!reported.has(id)) {
                reported.add(id);
                pending.push(id);
                timer ||= setTimeout(send, reportEvery);
            }
        }
    }, { threshold: [0, 0.25, 0.5, 0.75, 1] });

    const observeIn = node => {
        if (node.nodeType !== Node.ELEMENT_NODE) {
            return;
        }

        const comments = node.matches(commentSelector) ? [node] : node.querySelectorAll(commentSelector);
        for (const comment of comments) {
            if (!reported.has(Number(comment.dataset.commentId))) {
                observer.observe(comment);
            }
        }
    };

    // Comments arrive live, load with "more", and come back when a reply chain is expanded.
    const mutations = new MutationObserver(records => {
        for (const record of records) {
            record.addedNodes.forEach(observeIn);
        }
    });
    const section = document.querySelector('section.comments') ?? document.body;
    observeIn(section);
    mutations.observe(section, { childList: true, subtree: true });

    const onHide = () => {
        clearTimeout(timer);
        send();
    };
    window.addEventListener('pagehide', onHide);

    return {
        /** Stops watching and hands back what was seen but not yet reported. */
        stop() {
            clearTimeout(timer);
            timer = 0;
            observer.disconnect();
            mutations.disconnect();
            window.removeEventListener('pagehide', onHide);
            const ids = pending;
            pending = [];
            return ids;
        },
    };
}
