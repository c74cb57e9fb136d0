/** The landing page at `/`: where things are, for someone who just ran `npm start`. */
export function homePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>relaydesk</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}
code{background:#f2f4f7;padding:.1rem .3rem;border-radius:4px}a{color:#0b5cad}</style></head>
<body>
<h1>relaydesk is running</h1>
<p>Open-source customer support for cryptocurrency exchanges.</p>
<ul>
<li><a href="/api/docs">API reference</a> (OpenAPI at <a href="/api/docs/json">/api/docs/json</a>)</li>
<li>Realtime chat: websocket at <code>/ws</code></li>
<li>Operations: <a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a>, <a href="/metrics">/metrics</a></li>
</ul>
<p>The agent console and the chat widget arrive in a later release; everything they will do is in the API today.</p>
</body></html>`;
}
