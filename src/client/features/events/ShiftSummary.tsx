import { Group, Text } from '@mantine/core';
import type { Shift } from '../../../shared/contracts/events.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';

/** One line per shift: its time, places taken and the waiting list. */
export function ShiftSummary({ shifts }: { shifts: readonly Shift[] }) {
  const { t } = useT();
  const fmt = useFormat();
  return (
    <>
      {shifts.map((shift) => (
        <Group key={shift.id} gap="xs" mt={4}>
          <Text size="sm">{fmt.dateTime(shift.startsAt)}</Text>
          <Text size="sm" c="dimmed">
            {shift.capacity === null ? t('events.placesUnlimited', { confirmed: shift.confirmed }) : t('events.places', { confirmed: shift.confirmed, capacity: shift.capacity })}
            {shift.waitlisted > 0 ? ` · ${t('events.waitlisted', { count: shift.waitlisted })}` : ''}
          </Text>
        </Group>
      ))}
    </>
  );
}
