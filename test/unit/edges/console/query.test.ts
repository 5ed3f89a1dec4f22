// Edge (console): the list's query string → filters, or the one field that is wrong.
import { describe, expect, it } from 'vitest';
import { listHref, parseListQuery } from '../../../../src/edges/console/query.js';

const parse = (q: string, opts = {}) => parseListQuery(new URLSearchParams(q), opts);

describe('parseListQuery', () => {
  it('defaults to open incidents, page 1 of 50', () => {
    expect(parse('')).toEqual({ ok: true, value: { filter: { status: 'open' }, page: 1, limit: 50, form: { status: 'open', severity: '', service: '', from: '', to: '' } } });
  });

  it('reads days as UTC, `to` inclusive, and instants as given', () => {
    const r = parse('status=any&severity=sev2&service=checkout&from=2026-11-01&to=2026-11-30&page=3');
    expect(r.ok && r.value.filter).toEqual({ status: 'any', severity: 'sev2', service: 'checkout', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect(r.ok && r.value.page).toBe(3);
    const i = parse('from=2026-11-01T10:00:00Z');
    expect(i.ok && i.value.filter.from).toBe('2026-11-01T10:00:00.000Z');
  });

  it('names the wrong field', () => {
    expect(parse('status=sleeping')).toMatchObject({ ok: false, field: 'status' });
    expect(parse('severity=p1')).toMatchObject({ ok: false, field: 'severity' });
    expect(parse('from=2026-02-30')).toMatchObject({ ok: false, field: 'from' });
    expect(parse('to=yesterday')).toMatchObject({ ok: false, field: 'to' });
    expect(parse('page=0')).toMatchObject({ ok: false, field: 'page' });
    expect(parse('page=-1')).toMatchObject({ ok: false, field: 'page' });
    expect(parse(`service=${'x'.repeat(201)}`)).toMatchObject({ ok: false, field: 'service' });
    expect(parse('limit=500', { limit: true })).toMatchObject({ ok: false, field: 'limit' });
  });

  it('takes a limit only where asked (the API)', () => {
    expect(parse('limit=10').ok && parse('limit=10')).toMatchObject({ value: { limit: 50 } });
    expect(parse('limit=10', { limit: true })).toMatchObject({ value: { limit: 10 } });
  });
});

describe('listHref', () => {
  it('keeps the filters, leaves out the defaults', () => {
    expect(listHref({ status: 'open', severity: '', service: '', from: '', to: '' }, 1)).toBe('/');
    expect(listHref({ status: 'any', severity: 'sev1', service: 'a&b', from: '', to: '' }, 2)).toBe('/?status=any&severity=sev1&service=a%26b&page=2');
  });
});
