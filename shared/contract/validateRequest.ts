// Validation of a ClientApi request by its schema, for every transport and for in-process callers:
// an invalid request becomes one StarlingError whose message a person can read.
import { StarlingError } from '../errors';
import { type ClientMethod, clientRequests, type ValidClientRequest } from './clientApi';

export class InvalidRequestError extends StarlingError<'invalidRequest'> {
  constructor(message: string) {
    super('invalidRequest', message);
    this.name = 'InvalidRequestError';
  }
}

export function isClientMethod(name: unknown): name is ClientMethod {
  return typeof name === 'string' && Object.hasOwn(clientRequests, name);
}

export function validateRequest<Method extends ClientMethod>(
  method: Method,
  request: unknown,
): ValidClientRequest<Method> {
  const parsed = clientRequests[method].safeParse(request ?? {});
  if (parsed.success) return parsed.data as ValidClientRequest<Method>;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
  throw new InvalidRequestError(`${issue?.message ?? 'The request is invalid.'}${where}`);
}
