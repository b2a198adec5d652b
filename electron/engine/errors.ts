/** An error whose message is meant for the user: bad input, a failed build, an unknown app. */
export class UserError extends Error {
  constructor(message: string, readonly code: 'invalid' | 'not_found' | 'conflict' | 'failed' = 'invalid') {
    super(message);
    this.name = 'UserError';
  }
}
