// The server reads this cookie on the next request and renders the chosen theme from the first byte.
export function remember(cookie) {
    document.cookie = cookie;
}
