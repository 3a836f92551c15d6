// Focus without scrolling: the page has already been placed where the reader asked (a #c fragment, Back).
export function focusFirst(selector) {
    const element = document.querySelector(selector);
    if (!element) {
        return;
    }

    if (!element.hasAttribute('tabindex')) {
        element.tabIndex = -1;
    }

    element.focus({ preventScroll: true });
}
