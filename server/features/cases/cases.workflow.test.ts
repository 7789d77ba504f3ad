import { describe, expect, it } from 'vitest';
import { addDays, allowedNext, deadlineDays, isOverdue, localDay, needsNote, STATUSES } from './cases.workflow.ts';

describe('the case workflow', () => {
  it('closes only after rectification and reopens only closed or dismissed cases', () => {
    expect(STATUSES.filter((s) => allowedNext(s).includes('closed'))).toEqual(['rectified']);
    expect(STATUSES.filter((s) => allowedNext(s).includes('found'))).toEqual(['closed', 'dismissed']);
    expect(STATUSES.filter((s) => allowedNext(s).includes('dismissed'))).toEqual(['found', 'assigned', 'rectifying']);
    for (const s of STATUSES) expect(allowedNext(s)).not.toContain(s);
  });

  it('asks a reason for dismissing and for reopening, not for the ordinary steps', () => {
    expect(needsNote('dismissed', 'found')).toBe(true);
    expect(needsNote('found', 'closed')).toBe(true);
    expect(needsNote('found', 'dismissed')).toBe(true);
    expect(needsNote('assigned', 'found')).toBe(false);
    expect(needsNote('closed', 'rectified')).toBe(false);
  });

  it('counts Pingcheng days (UTC+8) for deadlines and overdue', () => {
    expect(localDay(new Date('2024-03-31T15:59:59Z'))).toBe('2024-03-31');
    expect(localDay(new Date('2024-03-31T16:00:00Z'))).toBe('2024-04-01');
    expect(addDays('2024-02-25', 7)).toBe('2024-03-03');
    expect(addDays('2023-12-30', 3)).toBe('2024-01-02');
    expect(isOverdue('assigned', '2024-01-01', '2024-01-02')).toBe(true);
    expect(isOverdue('assigned', '2024-01-02', '2024-01-02')).toBe(false);
    expect(isOverdue('rectified', '2024-01-01', '2024-06-01')).toBe(false);
    expect(isOverdue('closed', '2024-01-01', '2024-06-01')).toBe(false);
  });

  it('gives each rule family its default deadline', () => {
    expect(deadlineDays('site.video')).toBe(7);
    expect(deadlineDays('ash_yard.uncovered')).toBe(30);
    expect(deadlineDays(null)).toBe(15);
  });
});
