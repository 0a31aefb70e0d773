/**
 * Personal-data detectors. Check values worked out by hand:
 * - DNI 12345678: 12345678 = 23 × 536768 + 14, letter 14 of TRWAGMYFPDXBNJZSQVHLCKE is Z.
 * - NIE X1234567 → 01234567 = 23 × 53676 + 19 → L; Y1234567 → 11234567 = 23 × 488459 + 10 → X.
 * - IBAN ES91 2100 0418 4502 0005 1332 and GB82 WEST 1234 5698 7654 32 are the published
 *   ISO 13616 examples (mod 97 = 1); changing one digit breaks the check.
 */
import { describe, expect, it } from 'vitest';
import type { RedactedName } from '../../src/model/project.js';
import { checkPersonalData, findPersonalData, isValidDniLetter, isValidIban, maskValue } from '../../src/validate/personal-data.js';

const found = (text: string, options: Parameters<typeof findPersonalData>[1] = {}) =>
  findPersonalData(text, options).map((hit) => `${hit.kind}:${text.slice(hit.start, hit.end)}`);
const names = (...list: string[]): RedactedName[] => list.map((name, index) => ({ name, entry: index + 1, file: 'cocreate.yaml' }));

describe('check letters and sums', () => {
  it('DNI and NIE check letters', () => {
    expect(isValidDniLetter('12345678', 'Z')).toBe(true);
    expect(isValidDniLetter('12345678', 'z')).toBe(true);
    expect(isValidDniLetter('12345678', 'A')).toBe(false);
    expect(isValidDniLetter('01234567', 'L')).toBe(true); // X1234567L
    expect(isValidDniLetter('11234567', 'X')).toBe(true); // Y1234567X
  });

  it('IBAN mod 97', () => {
    expect(isValidIban('ES9121000418450200051332')).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('ES9121000418450200051333')).toBe(false);
    expect(isValidIban('ES91')).toBe(false);
  });
});

describe('e-mail addresses', () => {
  it('finds addresses, without a sentence full stop', () => {
    expect(found('Write to maria.garcia@example.es. Thanks')).toEqual(['email:maria.garcia@example.es']);
    expect(found('(ana+cocreate@sub.example.org)')).toEqual(['email:ana+cocreate@sub.example.org']);
  });

  it('ignores product names with @ and handles without a domain', () => {
    expect(found('Cl@ve, @firma, Notific@ and Cl@ve. Also @someone on social media.')).toEqual([]);
  });
});

describe('phone numbers', () => {
  it('Spanish numbers in the usual groupings, with or without +34/0034', () => {
    expect(found('Call 612 345 678 or 612345678 or 612-34-56-78 or 91 234 56 78 or +34 612 34 56 78 or 0034 912345678.')).toEqual([
      'phone:612 345 678',
      'phone:612345678',
      'phone:612-34-56-78',
      'phone:91 234 56 78',
      'phone:+34 612 34 56 78',
      'phone:0034 912345678',
    ]);
  });

  it('international numbers after + or 00', () => {
    expect(found('London +44 20 7946 0958, Washington +1 (202) 555-0143, Berlin 0049 30 1234 5678.')).toEqual([
      'phone:+44 20 7946 0958',
      'phone:+1 (202) 555-0143',
      'phone:0049 30 1234 5678',
    ]);
  });

  it('leaves years, laws, amounts, counts and long numbers alone', () => {
    expect(
      found(
        'Between 2016 and 2020, law 39/2015, 14 million users, a budget of 612.345.678 euros, 700 000 000 €, record 1612345678, ref 612345678901, +5%, C++, 00:30, 12345678 y luego.',
      ),
    ).toEqual([]);
  });
});

describe('DNI and NIE', () => {
  it('finds valid numbers in the usual spellings', () => {
    expect(found('DNI 12345678Z, 12345678-Z, 12.345.678-Z; NIE X1234567L and Y-1234567-X.')).toEqual([
      'dni:12345678Z',
      'dni:12345678-Z',
      'dni:12.345.678-Z',
      'nie:X1234567L',
      'nie:Y-1234567-X',
    ]);
  });

  it('ignores wrong check letters and a number followed by a one-letter word', () => {
    expect(found('12345678A, X1234567A, "12345678 y" and "12345678 a"')).toEqual([]);
    expect(found('12345678 Z')).toEqual(['dni:12345678 Z']);
  });
});

describe('IBAN', () => {
  it('finds grouped and compact IBANs that pass mod 97, and not the next word', () => {
    expect(found('IBAN ES91 2100 0418 4502 0005 1332 and GB82WEST12345698765432 DATA')).toEqual([
      'iban:ES91 2100 0418 4502 0005 1332',
      'iban:GB82WEST12345698765432',
    ]);
    expect(found('GB82 WEST 1234 5698 7654 32 DATA')).toEqual(['iban:GB82 WEST 1234 5698 7654 32']);
  });

  it('ignores strings that fail the check', () => {
    expect(found('ES91 2100 0418 4502 0005 1333, AB12 CDEF and ES12')).toEqual([]);
  });
});

describe('names on the redaction list', () => {
  const redact = names('María García Pérez', 'Juan');

  it('matches without case and accents, over spaces, line breaks and hyphens', () => {
    expect(found('Spoke with MARIA garcia perez and with María\n      García-Pérez.', { redact })).toEqual([
      'name:MARIA garcia perez',
      'name:María\n      García-Pérez',
    ]);
  });

  it('whole words only', () => {
    expect(found('Juanito, San Juan, juan. Juana', { redact })).toEqual(['name:Juan', 'name:juan']);
  });

  it('not across punctuation', () => {
    expect(found('María, García Pérez', { redact })).toEqual([]);
  });
});

describe('allow list and overlaps', () => {
  it('lets listed public contact data through (case and spaces ignored)', () => {
    expect(found('Write to INFO@datos.gob.es or call 060 or 912 345 678.', { allow: ['info@datos.gob.es', '912345678'] })).toEqual([]);
  });

  it('one finding per place: +34 612345678 is one phone', () => {
    expect(found('+34 612345678')).toEqual(['phone:+34 612345678']);
  });
});

describe('diagnostics', () => {
  it('name line, column and end, mask the value, and follow severity', () => {
    const text = 'id: x\r\nturns:\r\n  - text: Mail ana@example.org now\r\n';
    const [diagnostic] = checkPersonalData(text, 'x.yaml', { severity: 'error' });
    // Line 3 "  - text: Mail " is 15 characters, so the address starts at column 16; it is 15 long → end column 31.
    expect(diagnostic).toMatchObject({
      file: 'x.yaml',
      line: 3,
      column: 16,
      endLine: 3,
      endColumn: 31,
      severity: 'error',
      ruleId: 'personal-data-email',
      message: 'Possible personal data: an e-mail address: a••••••••••••rg.',
    });
  });

  it('a name is reported by its entry, never by itself', () => {
    const [diagnostic] = checkPersonalData('text: Ask Juan.', 'x.yaml', { redact: names('Juan') });
    expect(diagnostic?.message).toBe('Possible personal data: a name on the redaction list (entry 1 of cocreate.yaml).');
    expect(diagnostic?.message).not.toContain('Juan');
    expect(diagnostic).toMatchObject({ line: 1, column: 11, severity: 'warning', ruleId: 'personal-data-name' });
  });

  it('after 100 findings of one kind, one summary finding at the 101st', () => {
    const diagnostics = checkPersonalData('x a@b.es\n'.repeat(103), 'f.md');
    expect(diagnostics).toHaveLength(101);
    expect(diagnostics[99]).toMatchObject({ line: 100, column: 3 });
    expect(diagnostics[100]).toMatchObject({
      line: 101,
      column: 3,
      ruleId: 'personal-data-email',
      message: 'Possible personal data: 3 more e-mail addresses from here on (103 in this file; only the first 100 are listed one by one).',
    });
  });

  it('masks keep the first and last characters', () => {
    expect(maskValue('612 345 678')).toBe('6••••••••78');
    expect(maskValue('12345678Z')).toBe('1•••••••Z');
    expect(maskValue('abc')).toBe('•••');
  });
});
