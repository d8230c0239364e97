import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

// The bench's yardstick: a bare node:http server sending the very bytes Margin sent, from memory
// (the compressed variant precompressed). Run as its own process: node --import tsx baseline-server.ts DIR PORT

const [dir = '.', port = '0'] = process.argv.slice(2);
const identity = fs.readFileSync(path.join(dir, 'identity.bin'));
const gzip = fs.readFileSync(path.join(dir, 'gzip.bin'));
const contentType = 'text/html; charset=utf-8';

http
  .createServer((request, response) => {
    const accepts = String(request.headers['accept-encoding'] ?? '');
    const compressed = /\bgzip\b/.test(accepts);
    const body = compressed ? gzip : identity;
    response.writeHead(200, {
      'Content-Type': contentType,
      'Content-Length': body.length,
      'Cache-Control': 's-maxage=31536000',
      Vary: 'Accept-Encoding',
      ...(compressed ? { 'Content-Encoding': 'gzip' } : {}),
    });
    response.end(body);
  })
  .listen(Number(port), '127.0.0.1', () => console.log(`baseline listening on ${port}`));
