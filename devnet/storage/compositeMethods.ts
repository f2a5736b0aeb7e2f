// Requests made of requests (protocol-network.md §4.6): `batch` runs up to 20 subrequests at once,
// `sequence` runs them in order until one fails, and `ifelse` runs one of two requests depending on
// the network's hardfork, the server version or the block height. Every subrequest carries its own
// auth, and every one is parsed before any runs, so one malformed subrequest refuses the whole.
import { field, readInteger, readParamsObject, type Params } from './rpcParams';
import { invalidRequest, jsonReply } from './rpcReplies';
import type { RpcReply } from './rpcTypes';
import { settle, type PreparedCall, type StorageMethod } from './storageMethod';

/** §4.4: a batch holds 1–20 subrequests. */
export const maximumSubrequests = 20;

/**
 * Parses one `{method, params}` subrequest into its call; `what` names it in errors. Batches inside an
 * ifelse branch are allowed, but no meta-request may nest inside a batch or a sequence.
 */
export type SubrequestParser = (request: unknown, what: string, allowBatches: boolean) => PreparedCall;

function subresult(reply: RpcReply): { code: number; body: unknown } {
  return { code: reply.status, body: reply.body };
}

function readSubrequests(params: Params, parse: SubrequestParser): PreparedCall[] {
  const requests = field(params, 'requests');
  if (!Array.isArray(requests) || requests.length === 0) {
    throw invalidRequest('Invalid batch request: no valid "requests" field');
  }
  if (requests.length > maximumSubrequests) {
    throw invalidRequest(`Invalid batch request: subrequest limit (${maximumSubrequests}) exceeded`);
  }
  return requests.map((request: unknown) => parse(request, 'batch subrequest', false));
}

/** `batch` (parallel) or `sequence` (in order, stopping after the first non-2xx). */
export function batchMethod(parse: SubrequestParser, sequential: boolean): StorageMethod {
  return {
    forwardable: false,
    prepare(params) {
      const calls = readSubrequests(params, parse);
      return async (context, options) => {
        const results: { code: number; body: unknown }[] = [];
        if (sequential) {
          for (const call of calls) {
            const reply = await settle(call, context, options);
            results.push(subresult(reply));
            if (reply.status < 200 || reply.status > 299) break;
          }
        } else {
          const replies = await Promise.all(calls.map((call) => settle(call, context, options)));
          results.push(...replies.map(subresult));
        }
        return jsonReply(context, { results });
      };
    },
  };
}

/** A version-like list: one integer or a list of them, padded with zeros or cut to `length`. */
function readVersion(condition: Params, name: string, length: number): number[] | undefined {
  const value = field(condition, name);
  if (value === undefined) return undefined;
  const items: unknown[] = Array.isArray(value) ? value : [value];
  if (!items.every((item) => typeof item === 'number' && Number.isSafeInteger(item))) {
    throw invalidRequest(`Invalid value given for '${name}': expected integer array`);
  }
  if (items.length === 0) return undefined;
  return Array.from({ length }, (_unused, index) => (items[index] as number | undefined) ?? 0);
}

function compareVersions(left: readonly number[], right: readonly number[]): number {
  for (let index = 0; index < left.length; index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

export function ifElseMethod(parse: SubrequestParser): StorageMethod {
  return {
    forwardable: false,
    prepare(params) {
      const condition = readParamsObject(field(params, 'if'), 'Invalid ifelse request: "if"');
      const hardforkAtLeast = readVersion(condition, 'hf_at_least', 2);
      const hardforkBefore = readVersion(condition, 'hf_before', 2);
      const versionAtLeast = readVersion(condition, 'v_at_least', 3);
      const versionBefore = readVersion(condition, 'v_before', 3);
      const heightAtLeast = readInteger(condition, 'height_at_least');
      const heightBefore = readInteger(condition, 'height_before');
      const tests = [
        hardforkAtLeast,
        hardforkBefore,
        versionAtLeast,
        versionBefore,
        heightAtLeast,
        heightBefore,
      ];
      if (tests.every((test) => test === undefined)) {
        throw invalidRequest('Invalid ifelse request: must specify at least one "if" condition');
      }
      const branch = (name: 'then' | 'else'): PreparedCall | undefined => {
        const request = field(params, name);
        return request === undefined ? undefined : parse(request, `ifelse "${name}" request`, true);
      };
      const whenTrue = branch('then');
      const whenFalse = branch('else');
      if (!whenTrue && !whenFalse) {
        throw invalidRequest('Invalid ifelse request: at least one of "then"/"else" required');
      }

      return async (context, options) => {
        const hardfork = [...context.hardfork()];
        const version = [...context.version];
        const height = context.height();
        const holds =
          (hardforkAtLeast === undefined || compareVersions(hardfork, hardforkAtLeast) >= 0) &&
          (hardforkBefore === undefined || compareVersions(hardfork, hardforkBefore) < 0) &&
          (versionAtLeast === undefined || compareVersions(version, versionAtLeast) >= 0) &&
          (versionBefore === undefined || compareVersions(version, versionBefore) < 0) &&
          (heightAtLeast === undefined || height >= heightAtLeast) &&
          (heightBefore === undefined || height < heightBefore);
        const call = holds ? whenTrue : whenFalse;
        const outcome = { hf: hardfork, v: version, height, condition: holds };
        if (!call) return jsonReply(context, outcome);
        return jsonReply(context, { ...outcome, result: subresult(await settle(call, context, options)) });
      };
    },
  };
}
