/**
 * One shared login: parallel requests that all find the bearer token refused (revoked on
 * Garmin's side) refresh it once, not once each. Against the local Garmin-shaped server.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { GarminConnectClient } from '../../../src/garmin/connect-client.js';
import { connectActivity, fakeClientOptions, startFakeGarmin, type FakeGarmin } from '../../support/fake-garmin.js';

let server: FakeGarmin;
beforeEach(async () => {
  server = await startFakeGarmin({ email: 'ada@garmin.example', password: 'pw', activities: [connectActivity(1, '2026-03-09 06:30:00')], days: {} });
});
afterEach(async () => server.close());

const exchanges = () => server.log.filter((l) => l === 'POST /oauth-service/oauth/exchange/user/2.0').length;

it('eight parallel requests meeting a revoked bearer token share one refresh', async () => {
  const client = new GarminConnectClient({ email: 'ada@garmin.example', password: 'pw' }, fakeClientOptions(server, []));
  await client.login();
  expect(exchanges()).toBe(1);
  server.revokeAccessTokens();
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => client.hrv(`2026-03-0${(i % 9) + 1}`).then(() => 'ok')));
  expect(answers).toEqual(new Array(8).fill('ok'));
  expect(exchanges()).toBe(2);
  expect(server.log.filter((l) => l === 'POST /sso/signin')).toHaveLength(1);
});
