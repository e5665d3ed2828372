import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { afleverRonde } from '../../src/gebeurtenissen/aflevering';
import { beoordeelAdres } from '../../src/gebeurtenissen/webhook.adres';
import { ConfigError, loadConfig } from '../../src/lib/config';
import { startTestApp, type TestApp } from '../helpers/testapp';
import {
  jobDeps,
  type Ontvanger,
  REGISTREER,
  registreer,
  schrijfTestGebeurtenis,
  startOntvanger,
  testOpzoeker,
} from './ontvanger';

/**
 * Webhook URLs and SSRF (issue 11 point 6): an endpoint must never make the worker connect to its own machine, VT's
 * network or any other special-purpose address, whether written as a literal, hidden in an odd notation or behind a
 * host name, and also when DNS changes its answer after registration (rebinding). DNS is played by an injected
 * resolver (`testOpzoeker`); the receiver on 127.0.0.1 counts TCP connections, so "nothing was sent" is seen, not
 * assumed.
 */
const PUBLIEK = '93.184.215.14';
const dns = testOpzoeker({
  'publiek.example': [PUBLIEK],
  'intern.example': ['127.0.0.1'],
  'prive.example': ['10.0.0.5'],
  'gemengd.example': [PUBLIEK, '192.168.1.20'],
  'ipv6-loopback.example': ['::1'],
  'mapped.example': ['::ffff:127.0.0.1'],
  'metadata.example': ['169.254.169.254'],
  'cgnat.example': ['100.64.0.7'],
  'ontvanger.example': ['127.0.0.1'],
});

let app: TestApp;
/** The same, with WEBHOOK_PRIVE_ADRESSEN_TOESTAAN=true (development). */
let dev: TestApp;
let ontvanger: Ontvanger;
let n = 0;

async function nieuwePartner(a: TestApp): Promise<{ code: string; token: string }> {
  const code = `WT-ADR-${++n}`;
  await a.partner(code, 'WIJKTEAM');
  return { code, token: await a.token('WIJKTEAM_MEDEWERKER', code) };
}

beforeAll(async () => {
  [app, dev] = await Promise.all([
    startTestApp({ webhookOpzoeker: dns }),
    startTestApp({ env: { WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true' }, webhookOpzoeker: dns }),
  ]);
  ontvanger = await startOntvanger();
});
afterAll(async () => {
  await ontvanger.stop();
  await Promise.all([app.stop(), dev.stop()]);
});

/** Hosts that must be refused without the development setting (each with the receiver's port, so a connection to loopback would be counted). */
const GEWEIGERD: Record<string, string[]> = {
  'IPv4-literal van elk speciaal bereik': [
    '0.0.0.0', // unspecified
    '10.1.2.3', // private
    '100.64.0.1', // carrierGradeNat
    '127.0.0.1', // loopback
    '127.255.0.9', // loopback, not only .1
    '169.254.169.254', // linkLocal: cloud metadata
    '172.16.5.4', // private
    '192.0.0.8', // reserved (IETF protocol assignments)
    '192.0.2.1', // reserved (TEST-NET-1)
    '192.31.196.1', // as112
    '192.52.193.1', // amt
    '192.88.99.1', // reserved (6to4 relay)
    '192.168.1.1', // private
    '198.18.0.1', // reserved (benchmarking)
    '224.0.0.1', // multicast
    '240.0.0.1', // reserved
    '255.255.255.255', // broadcast
  ],
  'IPv6-literal van elk speciaal bereik': [
    '[::]',
    '[::1]',
    '[fe80::1]',
    '[fc00::1]',
    '[fd12:3456::1]',
    '[ff02::1]',
    '[::ffff:127.0.0.1]',
    '[::ffff:10.0.0.1]',
    '[::ffff:169.254.169.254]',
    '[64:ff9b::7f00:1]', // NAT64 (rfc6052)
    '[2002:7f00:1::1]', // 6to4
    '[2001::1]', // teredo
    '[2001:db8::1]', // documentation
    '[100::1]', // discard
    '[::7f00:1]', // IPv4-compatible (deprecated): "unicast" in ipaddr.js, outside 2000::/3
    '[fec0::1]', // site-local (deprecated)
    '[2001:20::1]', // ORCHIDv2
  ],
  'namen voor het lokale netwerk': [
    'localhost',
    'localhost.',
    'LOCALHOST',
    'api.localhost',
    'printer.local',
    'db.internal',
    'nas.home.arpa',
    'intranet',
  ],
  'IPv4 in afwijkende notatie': [
    '127.1',
    '0x7f000001',
    '2130706433',
    '0177.0.0.1',
    '0x7f.0.0.1',
    '127.0.0.1.',
    '127.0.0.%31',
    '0x5db8d70e' /* = 93.184.215.14: public, but refused all the same */,
  ],
  'namen die naar een niet-publiek adres wijzen': [
    'intern.example',
    'prive.example',
    'gemengd.example',
    'ipv6-loopback.example',
    'mapped.example',
    'metadata.example',
    'cgnat.example',
  ],
};
const alleGeweigerd = Object.entries(GEWEIGERD).flatMap(([soort, hosts]) => hosts.map((host) => ({ soort, host })));

/** Stores an endpoint without any check, as if registered under an older policy. Returns its id. */
async function endpointZonderControle(a: TestApp, org: string, url: string): Promise<string> {
  const id = crypto.randomUUID();
  await a.sql(
    `insert into webhook_endpoint (id, organisatie, url, actief, aangemaakt_op, gewijzigd_op) values ($1, $2, $3, true, now(), now())`,
    [id, org, url],
  );
  await a.sql(`insert into webhook_geheim (id, endpoint_id, geheim, aangemaakt_op) values ($1, $2, $3, now())`, [
    crypto.randomUUID(),
    id,
    `plat:whsec_${Buffer.alloc(32, 3).toString('base64')}`,
  ]);
  return id;
}

describe('registreren: letterlijk en na opzoeken gecontroleerd', () => {
  it.each(alleGeweigerd)(
    '$soort: $host wordt geweigerd met reden WEBHOOK_ADRES_NIET_TOEGESTAAN en niets wordt opgeslagen',
    async ({ host }) => {
      const p = await nieuwePartner(app);
      const url = `http://${host}:${ontvanger.poort}/webhooks`;
      const r = await app.gql(p.token, REGISTREER, { invoer: { url } });
      expect(r.body.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reden: 'WEBHOOK_ADRES_NIET_TOEGESTAAN',
        fouten: [{ veld: 'url', code: 'WEBHOOK_ADRES_NIET_TOEGESTAAN' }],
      });
      // The same for a change of URL of an existing endpoint.
      const { id } = await registreer(app, p.token, 'https://publiek.example/webhooks');
      const w = await app.gql(
        p.token,
        `mutation($id: ID!, $url: TekstRegel!) { webhookEndpointWijzigen(id: $id, invoer: { url: $url }) { url } }`,
        { id, url },
      );
      expect(w.body.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reden: 'WEBHOOK_ADRES_NIET_TOEGESTAAN',
      });
      expect(await app.sql(`select url from webhook_endpoint where organisatie = $1`, [p.code])).toEqual([
        { url: 'https://publiek.example/webhooks' },
      ]);
    },
  );

  it('een publieke naam en een publiek IP-adres worden geaccepteerd; een naam die niet bestaat is WEBHOOK_ADRES_ONBEKEND', async () => {
    const p = await nieuwePartner(app);
    await registreer(app, p.token, 'https://publiek.example/webhooks');
    await registreer(app, p.token, `https://${PUBLIEK}/webhooks`);
    await registreer(app, p.token, 'https://[2606:4700::1111]/webhooks');
    const r = await app.gql(p.token, REGISTREER, { invoer: { url: 'https://bestaat-niet.example/webhooks' } });
    expect(r.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reden: 'WEBHOOK_ADRES_ONBEKEND',
      fouten: [{ veld: 'url', code: 'WEBHOOK_ADRES_ONBEKEND' }],
    });
  });

  it('inloggegevens in de URL blijven geweigerd, ook op een publiek adres', async () => {
    const p = await nieuwePartner(app);
    const r = await app.gql(p.token, REGISTREER, { invoer: { url: 'https://wie:wat@publiek.example/webhooks' } });
    expect(r.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [{ veld: 'url', code: 'INLOGGEGEVENS_IN_URL' }],
    });
  });
});

describe('afleveren: bij elke poging opnieuw opgezocht en gecontroleerd', () => {
  it('een endpoint op een geweigerd adres (al opgeslagen) krijgt een mislukte poging met de reden, en er wordt nergens verbinding mee gemaakt', async () => {
    const p = await nieuwePartner(app);
    const endpoints = new Map<string, string>();
    for (const { host } of alleGeweigerd) {
      endpoints.set(await endpointZonderControle(app, p.code, `http://${host}:${ontvanger.poort}/webhooks`), host);
    }
    const gebeurtenisId = await schrijfTestGebeurtenis(app, p.code);
    const voor = ontvanger.verbindingen;
    await afleverRonde(jobDeps(app, { timeoutMs: 2000 }), { maxBatches: 10 });
    const rijen = await app.sql(
      `select endpoint_id, status, pogingen, laatste_statuscode, laatste_fout from webhook_aflevering where gebeurtenis_id = $1`,
      [gebeurtenisId],
    );
    expect(rijen).toHaveLength(endpoints.size);
    for (const r of rijen) {
      expect({ host: endpoints.get(r.endpoint_id as string), ...r }).toEqual({
        host: endpoints.get(r.endpoint_id as string),
        endpoint_id: r.endpoint_id,
        status: 'FAILED',
        pogingen: 1,
        laatste_statuscode: null,
        laatste_fout: 'WEBHOOK_ADRES_NIET_TOEGESTAAN',
      });
    }
    expect(ontvanger.verbindingen).toBe(voor);
    expect(ontvanger.ontvangen).toEqual([]);
  });

  it('DNS-rebinding: publiek bij registratie, 127.0.0.1 bij aflevering: de poging mislukt met de reden, zonder verbinding; de partner ziet het', async () => {
    const p = await nieuwePartner(app);
    dns.namen['rebind.example'] = [PUBLIEK];
    const { id: endpointId } = await registreer(app, p.token, `http://rebind.example:${ontvanger.poort}/webhooks`);
    dns.namen['rebind.example'] = ['127.0.0.1'];
    const vragen = dns.vragen.length;
    const voor = ontvanger.verbindingen;
    const gebeurtenisId = await schrijfTestGebeurtenis(app, p.code);
    await afleverRonde(jobDeps(app));
    // Looked up again at delivery (not trusted from registration), refused, nothing connected to.
    expect(dns.vragen.slice(vragen)).toContain('rebind.example');
    expect(ontvanger.verbindingen).toBe(voor);
    const [a] = await app.sql(`select status, laatste_fout from webhook_aflevering where gebeurtenis_id = $1`, [
      gebeurtenisId,
    ]);
    expect(a).toEqual({ status: 'FAILED', laatste_fout: 'WEBHOOK_ADRES_NIET_TOEGESTAAN' });
    const r = await app.gql<{ webhookAfleveringen: { edges: { node: Record<string, unknown> }[] } }>(
      p.token,
      `query($e: ID!) { webhookAfleveringen(endpointId: $e) { edges { node { gebeurtenisId status laatsteStatuscode laatsteFout } } } }`,
      { e: endpointId },
    );
    expect(r.body.data!.webhookAfleveringen.edges.map((e) => e.node)).toEqual([
      { gebeurtenisId, status: 'FAILED', laatsteStatuscode: null, laatsteFout: 'WEBHOOK_ADRES_NIET_TOEGESTAAN' },
    ]);
  });

  it('een naam die bij aflevering niet meer bestaat: mislukte poging WEBHOOK_ADRES_ONBEKEND', async () => {
    const p = await nieuwePartner(app);
    dns.namen['verdwijnt.example'] = [PUBLIEK];
    await registreer(app, p.token, 'https://verdwijnt.example/webhooks');
    delete dns.namen['verdwijnt.example'];
    const gebeurtenisId = await schrijfTestGebeurtenis(app, p.code);
    await afleverRonde(jobDeps(app));
    const [a] = await app.sql(`select status, laatste_fout from webhook_aflevering where gebeurtenis_id = $1`, [
      gebeurtenisId,
    ]);
    expect(a).toEqual({ status: 'FAILED', laatste_fout: 'WEBHOOK_ADRES_ONBEKEND' });
  });
});

describe('met WEBHOOK_PRIVE_ADRESSEN_TOESTAAN (ontwikkeling)', () => {
  it('loopback werkt, als letterlijk adres en via een naam; de verbinding gaat naar het gecontroleerde adres, met de naam als Host', async () => {
    const p = await nieuwePartner(dev);
    const o = await startOntvanger();
    try {
      await registreer(dev, p.token, o.url);
      // The system resolver does not know intern.example: only a connection to the address checked through the
      // injected resolver can reach the receiver.
      await registreer(dev, p.token, `http://intern.example:${o.poort}/webhooks`);
      const id = await schrijfTestGebeurtenis(dev, p.code);
      await afleverRonde(jobDeps(dev));
      expect(o.ontvangen.map((x) => x.headers['webhook-id'])).toEqual([id, id]);
      expect(o.ontvangen.map((x) => x.headers.host).sort()).toEqual([
        `127.0.0.1:${o.poort}`,
        `intern.example:${o.poort}`,
      ]);
      expect(
        (await dev.sql(`select status from webhook_aflevering where gebeurtenis_id = $1`, [id])).map((r) => r.status),
      ).toEqual(['DELIVERED', 'DELIVERED']);
    } finally {
      await o.stop();
    }
  });

  it.each([
    '169.254.169.254',
    '[::ffff:169.254.169.254]',
    'metadata.example',
    '100.64.0.1',
    'cgnat.example',
    '224.0.0.1',
    '0.0.0.0',
    '[::]',
    '127.1',
    '0x7f000001',
    '[64:ff9b::7f00:1]',
  ])('blijft geweigerd: %s', async (host) => {
    const p = await nieuwePartner(dev);
    const r = await dev.gql(p.token, REGISTREER, { invoer: { url: `http://${host}:${ontvanger.poort}/webhooks` } });
    expect(r.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reden: 'WEBHOOK_ADRES_NIET_TOEGESTAAN',
    });
  });

  it('https: SNI en certificaatcontrole op de hostnaam, ook nu de verbinding naar het vastgezette adres gaat', async () => {
    // A self-signed certificate for ontvanger.example (test/webhooks/fixtures, for tests only): the worker must send
    // the name as SNI and refuse the certificate (no trusted issuer), so verification is on and uses the name.
    const map = join(__dirname, 'fixtures');
    const sni: string[] = [];
    const server = createHttpsServer(
      {
        key: readFileSync(join(map, 'ontvanger.key')),
        cert: readFileSync(join(map, 'ontvanger.crt')),
        SNICallback: (naam, terug) => {
          sni.push(naam);
          terug(null);
        },
      },
      (_req, res) => res.writeHead(204).end(),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const p = await nieuwePartner(dev);
      await registreer(dev, p.token, `https://ontvanger.example:${(server.address() as AddressInfo).port}/webhooks`);
      const id = await schrijfTestGebeurtenis(dev, p.code);
      await afleverRonde(jobDeps(dev));
      const [a] = await dev.sql(`select status, laatste_fout from webhook_aflevering where gebeurtenis_id = $1`, [id]);
      expect(a.status).toBe('FAILED');
      expect(a.laatste_fout).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
      expect(sni).toContain('ontvanger.example');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('adresbeleid', () => {
  /** Every named special-purpose range of ipaddr.js, with an address inside it. */
  function bijzondereAdressen(): { bereik: string; adres: string }[] {
    const uit: { bereik: string; adres: string }[] = [];
    for (const soort of [ipaddr.IPv4, ipaddr.IPv6]) {
      const bereiken = (
        soort.prototype as unknown as {
          SpecialRanges: Record<string, [ipaddr.IPv4 | ipaddr.IPv6, number] | [ipaddr.IPv4 | ipaddr.IPv6, number][]>;
        }
      ).SpecialRanges;
      for (const [bereik, waarde] of Object.entries(bereiken)) {
        const lijst = (Array.isArray(waarde[0]) ? waarde : [waarde]) as [ipaddr.IPv4 | ipaddr.IPv6, number][];
        for (const [net, prefix] of lijst) {
          const bytes = net.toByteArray();
          // An address inside the range other than its network address (a single-address range is that address).
          if (prefix < bytes.length * 8) bytes[bytes.length - 1] |= 1;
          uit.push({ bereik, adres: ipaddr.fromByteArray(bytes).toString() });
        }
      }
    }
    return uit;
  }

  it('elk bijzonder bereik van ipaddr.js is geweigerd; met de ontwikkelinstelling alleen loopback, privé en unique-local toegestaan', () => {
    const adressen = bijzondereAdressen();
    expect(adressen.length).toBeGreaterThan(30);
    for (const { bereik, adres } of adressen) {
      // A mapped IPv4 address is judged by the IPv4 address inside it (ipv4Mapped's own range starts at ::ffff:0.0.0.1).
      expect(beoordeelAdres(adres, { priveAdressenToegestaan: false }).toegestaan, `${bereik} ${adres}`).toBe(false);
      const metInstelling = beoordeelAdres(adres, { priveAdressenToegestaan: true }).toegestaan;
      expect(metInstelling, `${bereik} ${adres}`).toBe(['loopback', 'private', 'uniqueLocal'].includes(bereik));
    }
    for (const adres of [PUBLIEK, '2606:4700::1111', '::ffff:93.184.215.14']) {
      expect(beoordeelAdres(adres, { priveAdressenToegestaan: false }).toegestaan, adres).toBe(true);
    }
  });

  it('WEBHOOK_PRIVE_ADRESSEN_TOESTAAN staat standaard uit en laat productie niet starten', () => {
    const productie = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://x@db.example/kp',
      WEBHOOK_GEHEIM_SLEUTEL: Buffer.alloc(32, 1).toString('base64'),
      AUDIT_CHECKPOINT_SLEUTEL: '/geheim/audit-checkpoint.pem',
      VT_REGISTER_SLEUTEL: Buffer.alloc(32, 2).toString('base64'),
    };
    expect(loadConfig(productie).webhooks).toMatchObject({
      priveAdressenToegestaan: false,
      httpsVereist: true,
      alleenStandaardpoort: true,
    });
    expect(() => loadConfig({ ...productie, WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...productie, WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true' })).toThrow(
      /WEBHOOK_PRIVE_ADRESSEN_TOESTAAN/,
    );
    expect(loadConfig({ NODE_ENV: 'test' }).webhooks.priveAdressenToegestaan).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'development', WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true' }).webhooks.priveAdressenToegestaan,
    ).toBe(true);
  });
});
