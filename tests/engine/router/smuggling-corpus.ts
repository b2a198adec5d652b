// Raw requests for the framing/smuggling test: each with the status the router must answer. Rejected
// ones (4xx/5xx) must reach no dyno at all. `H` is a valid Host line for the test app.

const H = 'Host: app.localhost\r\n';

export interface CorpusCase {
  name: string;
  raw: string;
  status: number;
}

export const CORPUS: CorpusCase[] = [
  // Content-Length and Transfer-Encoding together (CL.TE / TE.CL)
  { name: 'CL then TE', raw: `POST / HTTP/1.1\r\n${H}Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG`, status: 400 },
  { name: 'TE then CL', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n`, status: 400 },
  { name: 'TE obfuscated second header', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTransfer-encoding: x\r\n\r\n0\r\n\r\n`, status: 501 },
  { name: 'TE chunked twice in one header', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n`, status: 400 },
  { name: 'TE chunked in two headers', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, status: 400 },
  { name: 'TE gzip, chunked', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`, status: 501 },
  { name: 'TE chunked, gzip', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n`, status: 501 },
  { name: 'TE identity', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: identity\r\n\r\n`, status: 501 },
  { name: 'TE xchunked', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n`, status: 501 },
  { name: 'TE with vertical tab', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\x0b\r\n\r\n0\r\n\r\n`, status: 400 },
  { name: 'TE with space before colon', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n`, status: 400 },
  { name: 'TE via obs-fold', raw: `POST / HTTP/1.1\r\n${H}X-Foo: bar\r\n Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, status: 400 },
  { name: 'TE empty', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: \r\n\r\n`, status: 400 },
  { name: 'TE with parameters', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n`, status: 400 },
  { name: 'TE in HTTP/1.0', raw: `POST / HTTP/1.0\r\n${H}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, status: 400 },
  // Content-Length forms
  { name: 'CL list', raw: `POST / HTTP/1.1\r\n${H}Content-Length: 5, 5\r\n\r\nhello`, status: 400 },
  { name: 'CL twice, same value', raw: `POST / HTTP/1.1\r\n${H}Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello`, status: 400 },
  { name: 'CL twice, different', raw: `POST / HTTP/1.1\r\n${H}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!`, status: 400 },
  { name: 'CL negative', raw: `POST / HTTP/1.1\r\n${H}Content-Length: -1\r\n\r\n`, status: 400 },
  { name: 'CL plus sign', raw: `POST / HTTP/1.1\r\n${H}Content-Length: +5\r\n\r\nhello`, status: 400 },
  { name: 'CL hex', raw: `POST / HTTP/1.1\r\n${H}Content-Length: 0x5\r\n\r\nhello`, status: 400 },
  { name: 'CL with inner space', raw: `POST / HTTP/1.1\r\n${H}Content-Length: 1 2\r\n\r\n`, status: 400 },
  { name: 'CL 20 digits', raw: `POST / HTTP/1.1\r\n${H}Content-Length: 99999999999999999999\r\n\r\n`, status: 400 },
  { name: 'CL over the app limit', raw: `POST / HTTP/1.1\r\n${H}Content-Length: 100000\r\n\r\nx`, status: 413 },
  { name: 'chunked over the app limit', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n8000\r\n${'x'.repeat(0x8000)}\r\n0\r\n\r\n`, status: 413 },
  // Host
  { name: 'no Host in HTTP/1.1', raw: 'GET / HTTP/1.1\r\n\r\n', status: 400 },
  { name: 'two Hosts', raw: `GET / HTTP/1.1\r\n${H}Host: other.localhost\r\n\r\n`, status: 400 },
  { name: 'Host with space', raw: 'GET / HTTP/1.1\r\nHost: app .localhost\r\n\r\n', status: 400 },
  { name: 'Host with userinfo', raw: 'GET / HTTP/1.1\r\nHost: evil@app.localhost\r\n\r\n', status: 400 },
  { name: 'Host with bad port', raw: 'GET / HTTP/1.1\r\nHost: app.localhost:http\r\n\r\n', status: 400 },
  { name: 'Host empty', raw: 'GET / HTTP/1.1\r\nHost: \r\n\r\n', status: 400 },
  // Field syntax
  { name: 'space in field name', raw: `GET / HTTP/1.1\r\n${H}X Y: z\r\n\r\n`, status: 400 },
  { name: 'empty field name', raw: `GET / HTTP/1.1\r\n${H}: z\r\n\r\n`, status: 400 },
  { name: 'line without colon', raw: `GET / HTTP/1.1\r\n${H}garbage\r\n\r\n`, status: 400 },
  { name: 'NUL in value', raw: `GET / HTTP/1.1\r\n${H}X: a\x00b\r\n\r\n`, status: 400 },
  { name: 'bare CR in value', raw: `GET / HTTP/1.1\r\n${H}X: a\rb\r\n\r\n`, status: 400 },
  { name: 'bare LF line endings', raw: 'GET / HTTP/1.1\nHost: app.localhost\n\n', status: 400 },
  { name: 'mixed LF and CRLF', raw: `GET / HTTP/1.1\r\n${H}X: y\n\r\n`, status: 400 },
  // Request line
  { name: 'double space', raw: `GET  / HTTP/1.1\r\n${H}\r\n`, status: 400 },
  { name: 'trailing space', raw: `GET / HTTP/1.1 \r\n${H}\r\n`, status: 400 },
  { name: 'lowercase version', raw: `GET / http/1.1\r\n${H}\r\n`, status: 400 },
  { name: 'HTTP/2.0', raw: `GET / HTTP/2.0\r\n${H}\r\n`, status: 505 },
  { name: 'HTTP/0.9 style', raw: 'GET /\r\n\r\n', status: 400 },
  { name: 'bad method char', raw: `GE(T / HTTP/1.1\r\n${H}\r\n`, status: 400 },
  { name: 'space in target', raw: `GET /a b HTTP/1.1\r\n${H}\r\n`, status: 400 },
  { name: 'non-ASCII target', raw: `GET /\xff HTTP/1.1\r\n${H}\r\n`, status: 400 },
  { name: 'relative target', raw: `GET foo HTTP/1.1\r\n${H}\r\n`, status: 400 },
  { name: 'CONNECT', raw: `CONNECT app.localhost:80 HTTP/1.1\r\n${H}\r\n`, status: 405 },
  { name: 'TRACE', raw: `TRACE / HTTP/1.1\r\n${H}\r\n`, status: 405 },
  { name: 'TE with a non-breaking space', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: \xa0chunked\r\n\r\n0\r\n\r\n`, status: 400 },
  { name: 'TE chunked with a trailing non-breaking space', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\xa0\r\n\r\n0\r\n\r\n`, status: 400 },
  { name: 'absolute-form with userinfo', raw: 'GET http://evil@app.localhost/ HTTP/1.1\r\nHost: app.localhost\r\n\r\n', status: 400 },
  // Sizes
  { name: 'request line too long', raw: `GET /${'a'.repeat(9000)} HTTP/1.1\r\n${H}\r\n`, status: 414 },
  { name: 'head too large', raw: `GET / HTTP/1.1\r\n${H}${`X-Big: ${'b'.repeat(1000)}\r\n`.repeat(70)}\r\n`, status: 431 },
  { name: 'header line over 8,192 bytes', raw: `GET / HTTP/1.1\r\n${H}X-Big: ${'b'.repeat(8200)}\r\n\r\n`, status: 431 },
  { name: 'too many fields', raw: `GET / HTTP/1.1\r\n${H}${'X: y\r\n'.repeat(150)}\r\n`, status: 431 },
  // Chunked bodies that arrive with the head
  { name: 'chunk size not hex', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`, status: 400 },
  { name: 'chunk size bare LF', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n`, status: 400 },
  { name: 'chunk size overflow', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n`, status: 400 },
  { name: 'chunk data overrun', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n`, status: 400 },
  { name: 'chunk size with leading space', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n`, status: 400 },
  { name: 'chunk extension with NUL', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5;a\x00\r\nhello\r\n0\r\n\r\n`, status: 400 },
  { name: 'negative chunk size', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n`, status: 400 },
  { name: 'whitespace before ;', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5 ;a=b\r\nhello\r\n0\r\n\r\n`, status: 400 },
  { name: 'much whitespace before ;', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5${' '.repeat(5000)};a\r\nhello\r\n0\r\n\r\n`, status: 400 },
  { name: 'whitespace after chunk size', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\t\r\nhello\r\n0\r\n\r\n`, status: 400 },
  { name: 'unquoted extension text', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5;a b\r\nhello\r\n0\r\n\r\n`, status: 400 },
  { name: 'extension value with a quote inside a token', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5;a=b"c\r\nhello\r\n0\r\n\r\n`, status: 400 },
  { name: 'extension without a name', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5;=x\r\nhello\r\n0\r\n\r\n`, status: 400 },
  { name: 'unterminated quoted extension', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5;a="b\r\nhello\r\n0\r\n\r\n`, status: 400 },
  { name: 'trailer without a colon', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Trailer\r\n\r\n`, status: 400 },
  { name: 'trailer carrying Content-Length', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n`, status: 400 },
  { name: 'trailer carrying Transfer-Encoding', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n`, status: 400 },
  { name: 'trailer with space before the colon', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n0\r\nX-T : v\r\n\r\n`, status: 400 },
  { name: 'obs-fold in a trailer', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n0\r\nX-T: v\r\n w\r\n\r\n`, status: 400 },
  // Accepted: these must reach the dyno
  { name: 'plain GET', raw: `GET / HTTP/1.1\r\n${H}\r\n`, status: 200 },
  { name: 'chunked POST', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n`, status: 200 },
  { name: 'TE with HTAB OWS and odd case', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding:\tChUnKeD\r\n\r\n0\r\n\r\n`, status: 200 },
  { name: 'leading empty line', raw: `\r\nGET / HTTP/1.1\r\n${H}\r\n`, status: 200 },
  { name: 'absolute-form', raw: 'GET http://app.localhost/x HTTP/1.1\r\nHost: ignored.localhost\r\n\r\n', status: 200 },
  { name: 'chunked with valid extensions and a trailer', raw: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5;a;b=c;d="e \\" f"\r\nhello\r\n0\r\nX-Sum: 1\r\n\r\n`, status: 200 },
  { name: 'Connection naming Content-Length', raw: `POST / HTTP/1.1\r\n${H}Connection: content-length\r\nContent-Length: 5\r\n\r\nhello`, status: 200 },
];
