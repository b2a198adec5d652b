// A rejected message head: the status to answer with before closing the connection.

export class HeadError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HeadError';
  }
}
