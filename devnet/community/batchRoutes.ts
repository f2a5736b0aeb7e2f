// `POST /batch` and `POST /sequence` (protocol-messages.md §6.7): several requests in one, each
// with the caller of the outer request (§6.2: sub-requests inherit its authentication), answered
// `[{code, headers, body}]` with a JSON body when the reply is JSON and base64 otherwise.
// `/sequence` stops after the first reply that is not 2xx.
import {
  type CommunityContext,
  type CommunityReply,
  type CommunityRequest,
  HttpError,
  json,
  jsonValue,
  route,
  type Route,
} from './routing';
import { splitTarget } from './targets';

interface SubRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

function parseSubRequest(value: unknown, index: number): SubRequest {
  const invalid = (why: string) => new HttpError(400, `Invalid sub-request ${index}: ${why}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('not an object');
  const entry = value as Record<string, unknown>;
  // pysogs: only these four methods, a body exactly for POST and PUT.
  if (typeof entry.method !== 'string' || !['GET', 'DELETE', 'POST', 'PUT'].includes(entry.method)) {
    throw invalid('method');
  }
  if (typeof entry.path !== 'string' || !entry.path.startsWith('/')) throw invalid('path');
  const headers: Record<string, string> = {};
  if (entry.headers !== undefined) {
    if (typeof entry.headers !== 'object' || entry.headers === null) throw invalid('headers');
    for (const [name, header] of Object.entries(entry.headers)) {
      if (typeof header !== 'string') throw invalid(`header ${name}`);
      headers[name.toLowerCase()] = header;
    }
  }
  const bodies = ['json', 'b64', 'bytes'].filter((name) => entry[name] !== undefined);
  const hasBody = entry.method === 'POST' || entry.method === 'PUT';
  if (hasBody && bodies.length !== 1)
    throw invalid(`${entry.method} needs exactly one of json, b64 and bytes`);
  if (!hasBody && bodies.length > 0) throw invalid(`${entry.method} takes no body`);
  let body = new Uint8Array(0);
  if (entry.json !== undefined) {
    body = new Uint8Array(Buffer.from(JSON.stringify(entry.json), 'utf8'));
    headers['content-type'] ??= 'application/json';
  } else if (entry.b64 !== undefined) {
    if (typeof entry.b64 !== 'string') throw invalid('b64');
    body = new Uint8Array(Buffer.from(entry.b64, 'base64'));
  } else if (entry.bytes !== undefined) {
    if (typeof entry.bytes !== 'string') throw invalid('bytes');
    body = new Uint8Array(Buffer.from(entry.bytes, 'utf8'));
  }
  return { method: entry.method, path: entry.path, headers, body };
}

/** A reply as a batch entry: JSON bodies as JSON, anything else as base64, nothing as null. */
export function batchEntry(reply: CommunityReply): Record<string, unknown> {
  const { body } = reply;
  if (body === undefined) {
    return { code: reply.status, headers: { ...reply.headers }, body: null };
  }
  if (body instanceof Uint8Array) {
    return {
      code: reply.status,
      headers: { 'content-type': 'application/octet-stream', ...reply.headers },
      body: Buffer.from(body).toString('base64'),
    };
  }
  if (typeof body === 'string') {
    return {
      code: reply.status,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...reply.headers },
      body: Buffer.from(body, 'utf8').toString('base64'),
    };
  }
  return { code: reply.status, headers: { 'content-type': 'application/json', ...reply.headers }, body };
}

function multiplex(stopOnFailure: boolean) {
  return async (context: CommunityContext): Promise<CommunityReply> => {
    const value = jsonValue(context);
    if (!Array.isArray(value)) throw new HttpError(400, 'Invalid request body: expected a list');
    const requests = value.map((entry, index) => parseSubRequest(entry, index));
    const replies: Record<string, unknown>[] = [];
    for (const sub of requests) {
      let request: CommunityRequest;
      try {
        const target = splitTarget(sub.path);
        request = {
          method: sub.method,
          segments: target.segments,
          query: new URLSearchParams(target.query),
          body: sub.body,
          header: (name) => sub.headers[name.toLowerCase()],
        };
      } catch {
        replies.push(batchEntry({ status: 400, body: 'Invalid path' }));
        if (stopOnFailure) break;
        continue;
      }
      const reply = await context.dispatch(request);
      replies.push(batchEntry(reply));
      if (stopOnFailure && (reply.status < 200 || reply.status > 299)) break;
    }
    return json(replies);
  };
}

export const batchRoutes: readonly Route[] = [
  route('POST', '/batch', multiplex(false)),
  route('POST', '/sequence', multiplex(true)),
];
