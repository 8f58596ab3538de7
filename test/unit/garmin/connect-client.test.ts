import { describe, expect, it } from 'vitest';
import { clientOptionsFromEnv, retryAfterMs } from '../../../src/garmin/connect-client.js';
import { canonicalSubSport, hashJson, sexFromGarminProfile, sportFromTypeKey } from '../../../src/garmin/garmin-summaries.js';
import { classify } from '../../../src/garmin/input-files.js';
import { oauth1Header, percentEncode } from '../../../src/garmin/oauth1.js';

describe('OAuth1 signing', () => {
  it('matches the published HMAC-SHA1 example (Twitter API docs)', () => {
    const header = oauth1Header(
      'POST',
      'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
      {
        consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
        consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
        token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
        tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
      },
      {
        nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
        timestamp: 1318622958,
        body: new URLSearchParams({ status: 'Hello Ladies + Gentlemen, a signed OAuth request!' }),
      },
    );
    expect(header).toContain(`oauth_signature="${percentEncode('hCtSmYh+iHYCEqBWrE7C7hYmtUk=')}"`);
    expect(header.startsWith('OAuth ')).toBe(true);
  });
});

describe('connect client helpers', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('garbage')).toBeNull();
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(retryAfterMs('Tue, 10 Mar 2026 12:00:05 GMT', now)).toBe(5000);
  });
  it('takes hosts and retry timing from the environment', () => {
    const options = clientOptionsFromEnv({ GARMIN_CONNECT_BASE_URL: 'http://127.0.0.1:9', COACH_TEST_INSECURE_ENDPOINTS: '1', COACH_GARMIN_RETRY_BASE_MS: '5' });
    expect(options.connectBaseUrl).toBe('http://127.0.0.1:9');
    expect(options.ssoBaseUrl).toBeUndefined();
    expect(options.retry?.baseDelayMs).toBe(5);
    expect(options.consumer).toBeUndefined();
  });
});

describe('export file names and sports', () => {
  it('classifies the files of an account export', () => {
    expect(classify('DI_CONNECT/DI-Connect-Fitness/a@b.c_0_summarizedActivities.json')).toBe('activities');
    expect(classify('DI_CONNECT/DI-Connect-Wellness/2026-01-01_2026-04-11_1_sleepData.json')).toBe('sleep');
    expect(classify('DI_CONNECT/DI-Connect-Aggregator/UDSFile_2026-01-01_2026-04-11.json')).toBe('summary');
    expect(classify('MetricsMaxMetData_20260101_20260411_1.json')).toBe('vo2max');
    expect(classify('TrainingReadinessDTO_20260101.json')).toBe('readiness');
    expect(classify('x_hrvStatusData.json')).toBe('hrv');
    expect(classify('UploadedFiles_0-_Part1.zip')).toBe('zip');
    expect(classify('RUN.FIT')).toBe('fit');
    expect(classify('DI_CONNECT/DI-Connect-User/user_profile.json')).toBe('profile');
    expect(classify('user_settings.json')).toBeNull();
    expect(classify('track.gpx')).toBeNull();
  });
  it('maps Garmin type keys to sports', () => {
    expect(['trail_running', 'treadmill_running', 'road_biking', 'virtual_ride', 'lap_swimming', 'open_water_swimming', 'strength_training', 'yoga'].map(sportFromTypeKey))
      .toEqual(['running', 'running', 'cycling', 'cycling', 'swimming', 'swimming', 'training', 'yoga']);
  });
  it("spells sub-sports one way: the FIT parser's camelCase becomes Connect's snake_case", () => {
    expect(['lapSwimming', 'openWater', 'indoorCycling', 'lap_swimming', 'road_biking', 'generic'].map(canonicalSubSport))
      .toEqual(['lap_swimming', 'open_water', 'indoor_cycling', 'lap_swimming', 'road_biking', 'generic']);
    expect(canonicalSubSport(null)).toBeNull();
  });
  it("reads the account's sex from the export profile or Connect's user settings", () => {
    expect(sexFromGarminProfile({ userName: 'a', gender: 'FEMALE' })).toBe('female');
    expect(sexFromGarminProfile({ id: 1, userData: { gender: 'MALE', weight: 70000 } })).toBe('male');
    for (const unknown of [{ gender: 'UNSPECIFIED' }, { gender: 1 }, { userData: null }, {}, null, 'FEMALE', []]) {
      expect(sexFromGarminProfile(unknown), JSON.stringify(unknown)).toBeNull();
    }
  });
  it('hashes JSON content stably', () => {
    expect(hashJson({ a: 1 })).toBe(hashJson({ a: 1 }));
    expect(hashJson({ a: 1 })).not.toBe(hashJson({ a: 2 }));
  });
});
