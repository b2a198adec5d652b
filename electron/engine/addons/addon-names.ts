import { randomInt } from 'node:crypto';
import { addonNamePrefix, type AddonService } from './services.js';

// Heroku's add-on names read like postgresql-curved-12345; a short list does, since the number is random too.
const WORDS = [
  'amber', 'brisk', 'calm', 'cubic', 'curved', 'deep', 'dense', 'eager', 'flat', 'fluffy', 'glad', 'silent',
  'horizontal', 'infinite', 'lively', 'lucid', 'metric', 'misty', 'opaque', 'parallel', 'polished', 'quiet',
  'regular', 'round', 'shaped', 'sinuous', 'slippery', 'solid', 'spherical', 'symmetrical', 'tapered', 'vertical',
];

export function newAddonName(service: AddonService, taken: (name: string) => boolean): string {
  for (;;) {
    const name = `${addonNamePrefix(service)}-${WORDS[randomInt(WORDS.length)] ?? 'plain'}-${randomInt(10_000, 100_000)}`;
    if (!taken(name)) return name;
  }
}
