/** A readable, script-free HTML reference of the OpenAPI document (no CDN, no inline script). */
export function referencePage(doc: Record<string, unknown>): string {
  const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const info = doc.info as { title: string; version: string; description: string };
  const paths = doc.paths as Record<string, Record<string, any>>;
  const ops: string[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []) as {
        name: string;
        in: string;
        required: boolean;
        description?: string;
      }[];
      const body = op.requestBody?.content ? Object.entries(op.requestBody.content)[0] : undefined;
      ops.push(`<section id="${esc(op.operationId)}">
<h2><code>${esc(method.toUpperCase())} /api/v1${esc(path)}</code></h2>
<p>${esc(op.summary)}</p>
${op.description ? `<p>${esc(op.description)}</p>` : '<p>Public: no token needed.</p>'}
${params.length ? `<h3>Parameters</h3><ul>${params.map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''})${p.description ? `: ${esc(p.description)}` : ''}</li>`).join('')}</ul>` : ''}
${body ? `<h3>Body (${esc(body[0])})</h3><pre>${esc(JSON.stringify((body[1] as any).schema, null, 2))}</pre>` : ''}
<h3>Responses</h3><ul>${Object.entries(op.responses as Record<string, any>)
        .map(([status, r]) => `<li><code>${esc(status)}</code> ${esc(r.description)}</li>`)
        .join('')}</ul>
</section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)}</title><link rel="stylesheet" href="/assets/site.css"></head>
<body><main id="main"><h1>${esc(info.title)} <small>${esc(info.version)}</small></h1>
<p>${esc(info.description)}</p><p><a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1)</p>
<nav aria-label="Operations"><ul>${Object.entries(paths)
    .flatMap(([path, m]) =>
      Object.entries(m).map(
        ([method, op]) =>
          `<li><a href="#${esc(op.operationId)}">${esc(method.toUpperCase())} ${esc(path)}</a></li>`,
      ),
    )
    .join('')}</ul></nav>
${ops.join('\n')}</main></body></html>`;
}
