import type { PendingEvent } from '@dealflow/domain';
import { sealText } from '@dealflow/events';

/**
 * The decided events of one lead with their personal fields sealed under the lead's `key`
 * (`LeadCreated`'s `name` and `company`), so neither the snapshot, the events table, the
 * outbox nor Kafka ever holds them in plaintext. Other events carry no personal data.
 */
export function sealPersonalData(
  events: readonly PendingEvent[],
  leadId: string,
  key: Uint8Array,
): PendingEvent[] {
  return events.map((event) => {
    if (event.type !== 'LeadCreated') return event;
    const { name, company, ...rest } = event.data;
    return {
      ...event,
      data: {
        ...rest,
        name: sealText(key, { leadId, field: 'name' }, name),
        ...(company !== undefined && {
          company: sealText(key, { leadId, field: 'company' }, company),
        }),
      },
    };
  });
}
