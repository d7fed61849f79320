import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';

/**
 * Shared look of every page: system fonts only (no external resources), a phone-first single column, colours
 * with at least 4.5:1 contrast, and a focus ring that is always visible for keyboard users.
 */
export const BASE_CSS = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #4a5360; --bg: #ffffff; --panel: #f3f5f8; --line: #c9d0d9;
  --accent: #0b57d0; --accent-fg: #ffffff; --ok: #116329; --bad: #a40e26; --warn: #7a4b00; --focus: #c2410c; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: var(--fg); background: var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.35rem; margin: 0 0 12px; } h2 { font-size: 1.1rem; margin: 20px 0 8px; } h3 { font-size: 1rem; margin: 12px 0 6px; }
a { color: var(--accent); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .88rem; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
button, .button { font: inherit; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-fg); border-radius: 8px;
  padding: 10px 14px; cursor: pointer; text-align: left; text-decoration: none; display: inline-block; }
button.secondary { background: var(--bg); color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
button.small { padding: 4px 8px; font-size: .85rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
input, select, textarea { font: inherit; padding: 8px; border: 1px solid #69727d; border-radius: 6px; color: var(--fg); background: var(--bg); max-width: 100%; }
label { display: block; font-weight: 600; margin: 6px 0 2px; }
.muted { color: var(--muted); }
.ok { color: var(--ok); } .bad { color: var(--bad); } .warn { color: var(--warn); }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 12px; margin: 10px 0; background: var(--bg); }
.outcomes { display: grid; gap: 8px; } .outcomes button { width: 100%; }
.outcomes button .id { font-weight: 700; margin-right: 6px; }
.outcomes button .note { display: block; font-size: .82rem; opacity: .95; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
code { overflow-wrap: anywhere; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

export function Page(props: { title: string; children?: Child; css?: string; script?: string; lang?: string }) {
  return (
    <html lang={props.lang ?? 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="icon" href="data:," />
        <style>{raw(BASE_CSS + (props.css ?? ''))}</style>
      </head>
      <body>
        {props.children}
        {props.script ? <script>{raw(props.script)}</script> : ''}
      </body>
    </html>
  );
}

/** Personal data on the pages is shown masked, as the real flow shows it: the name's last character, the ID's ends. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? '*' : '*'.repeat(chars.length - 1) + chars[chars.length - 1];
}
