// Local HTTPS commands: the CA's status, and trusting or untrusting it on this machine.
import { UserError } from '../errors.js';
import type { EngineCore } from '../engine-core.js';
import type { LocalCerts } from '../certs/local-certs.js';
import type { HandlerMap } from './handler.js';

type CertsHandlers = Pick<HandlerMap, 'certs.status' | 'certs.trust' | 'certs.untrust'>;

function certsOf(core: EngineCore): LocalCerts {
  if (!core.certs) throw new UserError('Local HTTPS is not available in this engine', 'failed');
  return core.certs;
}

export const certsHandlers: CertsHandlers = {
  'certs.status': async (core) => certsOf(core).status(),
  'certs.trust': async (core) => certsOf(core).trust(),
  'certs.untrust': async (core) => certsOf(core).untrust(),
};
