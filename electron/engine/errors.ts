import type { CommandError } from '../../shared/types.js';

/** Structured facts a failure may carry besides its message, for a UI to act on. */
export type UserErrorDetails = Pick<CommandError, 'missingConfig'>;

/** An error whose message is meant for the user: bad input, a failed build, an unknown app. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid' | 'not_found' | 'conflict' | 'failed' = 'invalid',
    readonly details: UserErrorDetails = {},
  ) {
    super(message);
    this.name = 'UserError';
  }
}
