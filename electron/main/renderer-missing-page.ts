// Shown instead of a blank window when dist/renderer has not been built. Plain HTML with no
// style or script, so the strict CSP needs no exception for it.
export const RENDERER_MISSING_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Dynodesk: the UI is not built</title></head>
<body>
<h1>The Dynodesk UI is not built yet</h1>
<p>This window loads the renderer from <code>dist/renderer</code>, which does not exist in this checkout.</p>
<p>Run <code>npm run build:renderer</code> (or simply <code>npm start</code>, which builds what is missing) and reopen Dynodesk.</p>
</body>
</html>
`;
