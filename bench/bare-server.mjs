// The baseline: a bare node:http server doing the least a real handler must do (read the whole body, answer
// a fixed JSON body with the same headers as the mock's successful init). Usage:
//   node bench/bare-server.mjs [--port N] [--body-file FILE]
// Prints `listening on http://127.0.0.1:PORT` once ready.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, 'body-file': { type: 'string' } } });

// The shape of a successful face_verify init answer (Data, Message, Code, RequestId), as the mock renders it.
const DEFAULT_BODY =
  '{"Data":{"queryId":"7f0d1c2b3a4e5f60718293a4b5c6d7e8","bizId":"ZSTP2018013076546767654695203625"},' +
  '"Message":"OK","Code":200,"RequestId":"0B2E7F1C-3D4A-4B5C-8D9E-0F1A2B3C4D5E"}';
const body = values['body-file'] ? readFileSync(values['body-file'], 'utf8') : DEFAULT_BODY;
const requestId = /"RequestId":"([^"]*)"/.exec(body)?.[1] ?? '0B2E7F1C-3D4A-4B5C-8D9E-0F1A2B3C4D5E';
const headers = {
  'content-type': 'application/json;charset=utf-8',
  'content-length': String(Buffer.byteLength(body)),
  'x-acs-request-id': requestId,
  'x-saf-mock-scenario': 'default',
};

const server = createServer({ keepAliveTimeout: 5_000, requestTimeout: 0 }, (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    // Touch the body as a handler would (the mock parses it); keep it cheap.
    const size = chunks.length === 1 ? chunks[0].length : Buffer.concat(chunks).length;
    if (size < 0) throw new Error('unreachable');
    res.writeHead(200, headers);
    res.end(body);
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`bare-server listening on http://127.0.0.1:${port}\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
