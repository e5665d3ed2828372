import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/lib/config';
import { Werkkalender } from '../../src/termijnen/kalender';
import { herinneringOp, termijnRegels, vervaldatum } from '../../src/termijnen/termijn-regels';
import { TermijnSoort } from '../../src/termijnen/termijn.entity';

const k = new Werkkalender();
const vb = (ontvangen: string): string => k.plusWerkdagen(ontvangen, 5);

describe('werkdagen (Algemene termijnenwet: weekend en erkende feestdagen vrij)', () => {
  it('de vrijdag voor Pasen: Tweede Paasdag telt niet, Goede Vrijdag is standaard een werkdag', () => {
    expect(k.isWerkdag('2026-04-03')).toBe(true);
    expect(k.feestdag('2026-04-06')).toBe('Tweede paasdag');
    expect(vb('2026-04-03')).toBe('2026-04-13');
    expect(vb('2026-04-02')).toBe('2026-04-10');
    const metGoedeVrijdag = new Werkkalender(['bevrijdingsdag', 'goede-vrijdag']);
    expect(metGoedeVrijdag.isWerkdag('2026-04-03')).toBe(false);
    expect(metGoedeVrijdag.plusWerkdagen('2026-04-02', 5)).toBe('2026-04-13');
  });

  it('27 april (Koningsdag) en 5 mei (Bevrijdingsdag, instelbaar)', () => {
    expect(k.isWerkdag('2026-04-27')).toBe(false);
    expect(vb('2026-04-27')).toBe('2026-05-04');
    expect(vb('2026-04-28')).toBe('2026-05-06');
    expect(new Werkkalender([]).plusWerkdagen('2026-04-28', 5)).toBe('2026-05-05');
    // In 2025 the 27th was a Sunday: Koningsdag moved to Saturday the 26th.
    expect(k.feestdag('2025-04-26')).toBe('Koningsdag');
    expect(k.isWerkdag('2025-04-28')).toBe(true);
  });

  it('over Kerstmis en Nieuwjaar', () => {
    expect(vb('2026-12-23')).toBe('2026-12-31');
    expect(vb('2026-12-24')).toBe('2027-01-04');
    expect(vb('2026-12-31')).toBe('2027-01-08');
    expect(k.werkdagenTussen('2026-12-24', '2027-01-04')).toBe(5);
  });

  it('op een zaterdag ontvangen: tellen begint maandag', () => {
    expect(vb('2026-11-21')).toBe('2026-11-27');
    expect(vb('2026-11-22')).toBe('2026-11-27');
  });

  it('de dag van ontvangst is de kalenderdag in Amsterdam, ook rond middernacht', () => {
    expect(k.lokaleDatum(new Date('2026-11-20T22:59:59Z'))).toBe('2026-11-20');
    expect(k.lokaleDatum(new Date('2026-11-20T23:00:00Z'))).toBe('2026-11-21');
    expect(k.lokaleDatum(new Date('2026-07-01T21:30:00Z'))).toBe('2026-07-01');
    expect(k.lokaleDatum(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02');
  });

  it('het einde van de vervaldag volgt zomer- en wintertijd', () => {
    expect(k.eindeVanDag('2026-03-28').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(k.eindeVanDag('2026-03-29').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(k.eindeVanDag('2026-10-24').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(k.eindeVanDag('2026-10-25').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('weigert onmogelijke datums en negatieve aantallen', () => {
    expect(() => k.plusWerkdagen('2026-02-30', 1)).toThrow(/geen geldige datum/);
    expect(() => k.plusWerkdagen('2026-13-01', 1)).toThrow(/geen geldige datum/);
    expect(() => k.plusWerkdagen('2026-03-01', -1)).toThrow(RangeError);
  });
});

describe('kalendermaanden', () => {
  it('rekent aan het eind van de maand terug naar de laatste dag, nooit erover heen', () => {
    expect(k.plusMaanden('2026-08-31', 3)).toBe('2026-11-30');
    expect(k.plusMaanden('2027-01-31', 1)).toBe('2027-02-28');
    expect(k.plusMaanden('2027-11-30', 3)).toBe('2028-02-29');
    expect(k.plusMaanden('2028-02-29', 12)).toBe('2029-02-28');
    expect(k.plusMaanden('2026-03-31', 18)).toBe('2027-09-30');
    expect(k.plusMaanden('2026-12-15', 12)).toBe('2027-12-15');
  });
});

describe('termijnregels', () => {
  const regels = termijnRegels(loadConfig({}));

  it('de standaardlengtes', () => {
    expect(vervaldatum(regels, TermijnSoort.VEILIGHEIDSBEOORDELING, '2026-04-03')).toBe('2026-04-13');
    expect(vervaldatum(regels, TermijnSoort.VEILIGHEIDSBEOORDELING, '2026-04-03', { acuut: true })).toBe('2026-04-03');
    expect(vervaldatum(regels, TermijnSoort.ONDERZOEK, '2026-03-10')).toBe('2026-05-19');
    expect(vervaldatum(regels, TermijnSoort.VOORWAARDEN_EN_VERVOLG, '2026-03-10')).toBe('2026-05-19');
    expect(vervaldatum(regels, TermijnSoort.MONITORING_3_MAANDEN, '2026-08-31')).toBe('2026-11-30');
    expect(vervaldatum(regels, TermijnSoort.MONITORING_12_MAANDEN, '2026-08-31')).toBe('2027-08-31');
    expect(vervaldatum(regels, TermijnSoort.MONITORING_18_MAANDEN, '2026-08-31')).toBe('2028-02-29');
  });

  it('zijn instelbaar, en een ongeldige instelling noemt zichzelf', () => {
    const anders = termijnRegels(
      loadConfig({
        TERMIJN_ONDERZOEK_WEKEN: '12',
        TERMIJN_MONITORING_MAANDEN: '6,12',
        TERMIJN_VRIJE_DAGEN: 'goede-vrijdag',
      }),
    );
    expect(vervaldatum(anders, TermijnSoort.ONDERZOEK, '2026-03-10')).toBe('2026-06-02');
    expect(vervaldatum(anders, TermijnSoort.MONITORING_3_MAANDEN, '2026-03-10')).toBe('2026-09-10');
    expect(anders.kalender.isWerkdag('2026-05-05')).toBe(true);
    expect(() => loadConfig({ TERMIJN_MONITORING_MAANDEN: '12,3' })).toThrow(/TERMIJN_MONITORING_MAANDEN/);
    expect(() => loadConfig({ TERMIJN_VRIJE_DAGEN: 'sinterklaas' })).toThrow(/TERMIJN_VRIJE_DAGEN.*sinterklaas/);
  });

  it('de herinnering gaat om 00:00 één werkdag voor de vervaldag', () => {
    // Due Monday 13 April 2026 (after Easter): the working day before is Friday 10 April.
    expect(herinneringOp(regels, '2026-04-13').toISOString()).toBe('2026-04-09T22:00:00.000Z');
    expect(
      herinneringOp(termijnRegels(loadConfig({ TERMIJN_HERINNERING_WERKDAGEN: '0' })), '2026-04-13').toISOString(),
    ).toBe('2026-04-12T22:00:00.000Z');
  });
});
