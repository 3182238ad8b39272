import { describe, expect, it } from 'vitest';
import { openPersonalFields } from './open-personal-fields.js';
import { isSealedText, newLeadKey, openText, sealText, SEALED_PREFIX } from './personal-text.js';

const at = { leadId: 'L-1', field: 'name' } as const;

describe('sealText / openText', () => {
  it('round-trips any text, astral characters included', () => {
    const key = newLeadKey();
    for (const text of ['Ada Lovelace', 'Ćwikła & Søn 🫢', 'x'.repeat(200), 'enc:v1:abc']) {
      const sealed = sealText(key, at, text);
      expect(isSealedText(sealed)).toBe(true);
      expect(sealed).not.toContain(text.slice(SEALED_PREFIX.length));
      expect(openText(key, at, sealed)).toBe(text);
    }
  });

  it('uses a fresh IV each time: the same text seals differently', () => {
    const key = newLeadKey();
    const values = new Set(Array.from({ length: 50 }, () => sealText(key, at, 'Ada')));
    expect(values.size).toBe(50);
    const ivs = new Set(
      [...values].map((v) =>
        Buffer.from(v.slice(SEALED_PREFIX.length), 'base64url').subarray(0, 12).toString('hex'),
      ),
    );
    expect(ivs.size).toBe(50);
  });

  it('does not open with another key', () => {
    const sealed = sealText(newLeadKey(), at, 'Ada');
    expect(() => openText(newLeadKey(), at, sealed)).toThrow(/does not open/);
  });

  it('does not open for another lead or another field', () => {
    const key = newLeadKey();
    const sealed = sealText(key, at, 'Ada');
    expect(() => openText(key, { leadId: 'L-2', field: 'name' }, sealed)).toThrow(/L-2/);
    expect(() => openText(key, { leadId: 'L-1', field: 'company' }, sealed)).toThrow(/company/);
  });

  it('refuses a tampered value, and never echoes the plaintext', () => {
    const key = newLeadKey();
    const sealed = sealText(key, at, 'Ada Lovelace');
    const bytes = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
    for (const index of [0, 12, 28, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index] = (tampered[index] ?? 0) ^ 1;
      const text = `${SEALED_PREFIX}${tampered.toString('base64url')}`;
      expect(() => openText(key, at, text)).toThrow(/does not open/);
    }
    expect(() => openText(key, at, `${SEALED_PREFIX}AAAA`)).toThrow(/too short/);
    expect(() => openText(key, at, 'Ada Lovelace')).toThrow(/not sealed/);
    try {
      openText(newLeadKey(), at, sealed);
    } catch (err) {
      expect(String(err)).not.toContain('Lovelace');
    }
  });

  it('refuses a key of the wrong size', () => {
    expect(() => sealText(Buffer.alloc(16), at, 'Ada')).toThrow(/32 bytes/);
  });
});

describe('openPersonalFields', () => {
  const key = newLeadKey();
  const sealed = {
    name: sealText(key, { leadId: 'L-1', field: 'name' }, 'Ada'),
    company: sealText(key, { leadId: 'L-1', field: 'company' }, 'Engines Ltd'),
  };

  it('opens sealed fields with the key, passes plaintext through', () => {
    expect(openPersonalFields('L-1', sealed, { kind: 'key', key })).toEqual({
      name: 'Ada',
      company: 'Engines Ltd',
      erased: false,
    });
    expect(openPersonalFields('L-9', { name: 'Old' }, { kind: 'missing' })).toEqual({
      name: 'Old',
      company: null,
      erased: false,
    });
  });

  it('reads an erased lead as null, sealed or not', () => {
    const erased = { name: null, company: null, erased: true };
    expect(openPersonalFields('L-1', sealed, { kind: 'erased' })).toEqual(erased);
    expect(openPersonalFields('L-9', { name: 'Old' }, { kind: 'erased' })).toEqual(erased);
  });

  it('never mistakes a lost key for erasure: it throws, naming the lead', () => {
    expect(() => openPersonalFields('L-1', sealed, { kind: 'missing' })).toThrow(
      expect.objectContaining({ code: 'key_missing', leadId: 'L-1' }),
    );
    expect(() => openPersonalFields('L-1', sealed, { kind: 'key', key: newLeadKey() })).toThrow(
      expect.objectContaining({ code: 'sealed_unreadable', leadId: 'L-1' }),
    );
  });
});
