import type { JsonObject } from '../../db/types.ts';
import type { FieldIssue } from '../../errors.ts';

// What a tracked event may be. Checked per event, so a batch rejects single items, not itself.

export const EVENT_NAME_MAX = 100;
/** Letters, digits, space and `_ . : - /`: names like "Signed Up", "page.viewed", "checkout:paid". */
const EVENT_NAME = /^[\p{L}\p{N}_.:\-/ ]+$/u;
export const EVENT_PROPERTIES_MAX_BYTES = 16 * 1024;
/** Clock skew we forgive; anything further ahead is a bug in the sender. */
export const MAX_FUTURE_MS = 5 * 60_000;
export const MAX_BATCH = 1000;

export interface RawEvent {
  name: string;
  properties?: unknown;
  /** ISO 8601 with a time zone; defaults to now. */
  occurredAt?: string | null;
}

export interface CheckedEvent {
  name: string;
  properties: JsonObject;
  /** `properties` as JSON text: serialised once, to measure it, and then written as it is. */
  propertiesJson: string;
  occurredAt: Date;
}

const OCCURRED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An issue's path is relative to the event (`['name']`); the caller puts it where the event is. */
export function checkEvent(raw: RawEvent, now = Date.now()): { event: CheckedEvent } | { issue: FieldIssue } {
  const name = raw.name?.trim() ?? '';
  if (!name) return { issue: { path: ['name'], code: 'REQUIRED', message: 'Event name is required' } };
  if (name.length > EVENT_NAME_MAX) {
    return { issue: { path: ['name'], code: 'TOO_LONG', message: `Event name must be at most ${EVENT_NAME_MAX} characters` } };
  }
  if (!EVENT_NAME.test(name)) {
    return { issue: { path: ['name'], code: 'INVALID_NAME', message: 'Event names use letters, digits, spaces and _ . : - /' } };
  }
  const properties = raw.properties ?? {};
  if (typeof properties !== 'object' || Array.isArray(properties) || properties === null) {
    return { issue: { path: ['properties'], code: 'TYPE', message: 'Event properties must be an object' } };
  }
  const propertiesJson = JSON.stringify(properties);
  // A UTF-16 code unit is at most 3 bytes of UTF-8: short texts need no byte count.
  if (propertiesJson.length * 3 > EVENT_PROPERTIES_MAX_BYTES && Buffer.byteLength(propertiesJson) > EVENT_PROPERTIES_MAX_BYTES) {
    return { issue: { path: ['properties'], code: 'TOO_LARGE', message: `Event properties must be at most ${EVENT_PROPERTIES_MAX_BYTES / 1024} KiB` } };
  }
  let occurredAt = new Date(now);
  if (raw.occurredAt != null) {
    const parsed = OCCURRED_AT.test(raw.occurredAt) ? Date.parse(raw.occurredAt) : NaN;
    if (Number.isNaN(parsed)) {
      return { issue: { path: ['occurredAt'], code: 'INVALID_TIMESTAMP', message: 'occurredAt must be ISO 8601 with a time zone, e.g. 2026-11-22T10:00:00Z' } };
    }
    if (parsed > now + MAX_FUTURE_MS) {
      return { issue: { path: ['occurredAt'], code: 'FUTURE_TIMESTAMP', message: 'occurredAt lies more than 5 minutes in the future' } };
    }
    occurredAt = new Date(parsed);
  }
  return { event: { name, properties: properties as JsonObject, propertiesJson, occurredAt } };
}
