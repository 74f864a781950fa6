import { describe, expect, it } from 'vitest';
import { buildIcs } from './mail.ics.js';
import { DEFAULT_TEMPLATES, MERGE_FIELDS, renderTemplate } from './mail.templates.js';

describe('renderTemplate', () => {
  it('fills known fields, leaves unknown ones visible and escapes values in the HTML', () => {
    const out = renderTemplate({ subject: 'Salut {{firstName}}\n', body: 'Bonjour {{firstName}}, {{typo}}\nLien : {{url}}' }, { firstName: '<Zoé & Cie>', url: 'https://relais.test/a?b=1' });
    expect(out.subject).toBe('Salut <Zoé & Cie>\n');
    expect(out.text).toBe('Bonjour <Zoé & Cie>, {{typo}}\nLien : https://relais.test/a?b=1');
    expect(out.html).toContain('Bonjour &lt;Zoé &amp; Cie&gt;, {{typo}}<br>');
    expect(out.html).toContain('<a href="https://relais.test/a?b=1">https://relais.test/a?b=1</a>');
  });

  it('never lets a value inject a merge field or a header line', () => {
    const out = renderTemplate({ subject: '{{firstName}}', body: '{{firstName}} {{cancelUrl}}' }, { firstName: '{{cancelUrl}}\r\nBcc: x@evil.test', cancelUrl: 'URL' });
    expect(out.subject).toBe('{{cancelUrl}} Bcc: x@evil.test');
    expect(out.text).toBe('{{cancelUrl}}\r\nBcc: x@evil.test URL');
  });

  it('has every default template in French and English using only its own merge fields', () => {
    for (const [key, locales] of Object.entries(DEFAULT_TEMPLATES)) {
      for (const text of Object.values(locales)) {
        const used = [...`${text.subject}\n${text.body}`.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
        for (const field of used) expect(MERGE_FIELDS[key as keyof typeof MERGE_FIELDS]).toContain(field);
      }
    }
  });
});

describe('buildIcs', () => {
  it('writes UTC times, escapes text and folds long lines at 75 octets', () => {
    const ics = buildIcs({
      uid: 'signup-1@relais',
      start: new Date('2030-05-16T16:00:00Z'),
      end: new Date('2030-05-16T19:00:00Z'),
      summary: 'Phoning; café, croissants',
      description: `Ligne 1\n${'é'.repeat(60)}`,
      location: 'Lyon',
      stamp: new Date('2030-01-01T00:00:00Z'),
    });
    const lines = ics.split('\r\n');
    expect(lines).toContain('DTSTART:20300516T160000Z');
    expect(lines).toContain('DTEND:20300516T190000Z');
    expect(lines).toContain('SUMMARY:Phoning\\; café\\, croissants');
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain(`DESCRIPTION:Ligne 1\\n${'é'.repeat(60)}\r\n`);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});
