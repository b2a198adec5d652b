// Native notifications for crashed dynos. Clicking one brings the window forward.
import { Notification } from 'electron';
import type { EngineEvent } from '../../shared/events.js';
import { crashNotice } from './notification-text.js';

export function notifyOnCrash(ev: EngineEvent, focus: () => void): void {
  if (ev.event !== 'dyno.crashed' || !Notification.isSupported()) return;
  const { title, body } = crashNotice(ev.payload);
  const n = new Notification({ title, body });
  n.on('click', focus);
  n.show();
}
