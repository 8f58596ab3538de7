/**
 * A local stand-in for Garmin's SSO and Connect API (node:http on 127.0.0.1, port 0) that
 * answers with Garmin-shaped JSON and HTML, and can be told to fail: 429 with Retry-After,
 * 5xx, wrong credentials, an MFA challenge.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGarminData {
  email: string;
  password: string;
  /** Connect activity-list entries (startTimeGMT "YYYY-MM-DD HH:MM:SS"). */
  activities: Array<Record<string, unknown>>;
  /** Per date: the pieces of a day. */
  days: Record<string, FakeGarminDay>;
  mfa?: boolean;
  /** The code the MFA step accepts (default '123456'); `expiredMfaCode` is answered as expired. */
  mfaCode?: string;
  expiredMfaCode?: string;
  /**
   * Lifetime of a sent code and its SSO session, seconds (default 600): a code submitted later
   * (by the server's clock, see advanceClock) is answered as expired, as Garmin does.
   */
  mfaCodeSeconds?: number;
  /** Lifetime of issued bearer tokens, seconds (default 3600); 0 makes every one expired at once. */
  accessTokenSeconds?: number;
  /** The account's gender in Connect's user-settings ("FEMALE" / "MALE"); absent: no settings (404). */
  gender?: string;
  /**
   * Original files by activity id, served at /download-service/files/activity/{id} (absent: 404).
   * `truncateAt` sends that many bytes of a longer announced body and cuts the connection.
   */
  originals?: Record<string, { body: Uint8Array; contentType?: string; truncateAt?: number }>;
}

export interface FakeGarminDay {
  sleep?: Record<string, unknown>;
  hrv?: Record<string, unknown>;
  summary?: Record<string, unknown>;
  readiness?: number;
  vo2max?: number;
  /** Garmin's training status of the day, answered in Connect's aggregated shape (see trainingStatusBody). */
  trainingStatus?: FakeTrainingStatus;
  /** Garmin's race predictions of the day, seconds. */
  racePredictions?: { time5K: number; time10K: number; timeHalfMarathon: number; timeMarathon: number };
}

export interface FakeTrainingStatus {
  /** e.g. "PRODUCTIVE_1", "OVERREACHING_1", "UNPRODUCTIVE_2". */
  phrase: string;
  acute: number;
  chronic: number;
  /** Load focus phrase and four weeks of load (low aerobic, high aerobic, anaerobic). */
  focus?: { phrase: string; aerobicLow: number; aerobicHigh: number; anaerobic: number };
}

/**
 * `/metrics-service/metrics/trainingstatus/aggregated/{date}` as Connect answers it (the shape
 * python-garminconnect's get_training_status returns): per-device maps under
 * mostRecentTrainingStatus and mostRecentTrainingLoadBalance; nulls on a day without status.
 */
export function trainingStatusBody(date: string, status: FakeTrainingStatus | undefined, vo2max?: number): Record<string, unknown> {
  const device = '3442975663';
  if (!status) return { userId: 42, mostRecentVO2Max: null, mostRecentTrainingLoadBalance: null, mostRecentTrainingStatus: null, heatAltitudeAcclimationDTO: null };
  const ratio = Math.round((status.acute / status.chronic) * 10) / 10;
  return {
    userId: 42,
    mostRecentVO2Max: vo2max === undefined ? null : { generic: { calendarDate: date, vo2MaxPreciseValue: vo2max, vo2MaxValue: Math.round(vo2max) }, cycling: null },
    mostRecentTrainingLoadBalance: status.focus
      ? {
          userId: 42,
          metricsTrainingLoadBalanceDTOMap: {
            [device]: {
              calendarDate: date, deviceId: Number(device), primaryTrainingDevice: true,
              monthlyLoadAerobicLow: status.focus.aerobicLow, monthlyLoadAerobicHigh: status.focus.aerobicHigh, monthlyLoadAnaerobic: status.focus.anaerobic,
              monthlyLoadAerobicLowTargetMin: 360, monthlyLoadAerobicLowTargetMax: 720,
              monthlyLoadAerobicHighTargetMin: 180, monthlyLoadAerobicHighTargetMax: 360,
              monthlyLoadAnaerobicTargetMin: 90, monthlyLoadAnaerobicTargetMax: 180,
              trainingBalanceFeedbackPhrase: status.focus.phrase,
            },
          },
          recordedDevices: [{ deviceId: Number(device), deviceName: 'Forerunner 965' }],
        }
      : null,
    mostRecentTrainingStatus: {
      userId: 42,
      latestTrainingStatusData: {
        [device]: {
          calendarDate: date, sinceDate: date, weeklyTrainingLoad: Math.round(status.acute), loadTunnelMin: Math.round(status.chronic * 0.8), loadTunnelMax: Math.round(status.chronic * 1.3),
          trainingStatus: 4, trainingStatusFeedbackPhrase: status.phrase, trainingPaused: false, primaryTrainingDevice: true, deviceId: Number(device),
          acuteTrainingLoadDTO: {
            acwrPercent: Math.round(ratio * 50), acwrStatus: ratio > 1.5 ? 'HIGH' : ratio < 0.8 ? 'LOW' : 'OPTIMAL',
            dailyTrainingLoadAcute: status.acute, dailyTrainingLoadChronic: status.chronic, dailyAcuteChronicWorkloadRatio: ratio,
          },
        },
      },
      recordedDevices: [{ deviceId: Number(device), deviceName: 'Forerunner 965' }],
    },
    heatAltitudeAcclimationDTO: null,
  };
}

export interface FakeGarmin {
  url: string;
  data: FakeGarminData;
  /** Requests seen, as "METHOD /path". */
  log: string[];
  /** The same requests with their query string ("/path?a=1"), e.g. for a bench to replay them. */
  requests: Array<{ method: string; url: string }>;
  /** A valid bearer token, issued without a sign-in (for a bench's plain-HTTP floor). */
  bearerToken(): string;
  /** Statuses to answer (in order) before serving a path prefix normally, e.g. { '/activitylist-service': [429, 500] }. */
  failures: Record<string, Array<{ status: number; retryAfter?: string }>>;
  /** Workouts in the account's Connect workout library (workout-service), by workoutId. */
  workouts: Map<string, Record<string, unknown>>;
  /** The account's calendar: scheduled workouts by scheduled-workout id. */
  schedules: Map<string, { workoutId: string; date: string }>;
  /** Make issued access tokens invalid (simulates expiry on Garmin's side). */
  revokeAccessTokens(): void;
  /** Revoke the OAuth1 token too (the user removed coach's access): the exchange answers 401. */
  revokeLogin(): void;
  /** MFA codes sent (one per password sign-in of an MFA account). */
  mfaCodesSent(): number;
  /** Moves the server's clock on (MFA code lifetimes). */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

export function connectActivity(id: number, start: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    activityId: id, activityName: `Activity ${id}`, startTimeGMT: start, startTimeLocal: start,
    activityType: { typeKey: 'running', typeId: 1 }, distance: 10000, duration: 3000, elapsedDuration: 3100, movingDuration: 2990,
    elevationGain: 85, elevationLoss: 80, averageSpeed: 3.333, maxSpeed: 4.1, averageHR: 145, maxHR: 172, calories: 650,
    aerobicTrainingEffect: 3.2, anaerobicTrainingEffect: 0.5, activityTrainingLoad: 91.5,
    hrTimeInZone_1: 300, hrTimeInZone_2: 1800, hrTimeInZone_3: 900, averageRunningCadenceInStepsPerMinute: 170,
    ...extra,
  };
}

const SUCCESS_PAGE = '<html><title>Success</title><script>var url = "https://sso.garmin.com/sso/embed?ticket=ST-0123-abc";</script></html>';
const MFA_PAGE = (status: string) =>
  `<html><title>Enter MFA code for login</title><form><input type="hidden" name="_csrf" value="csrf-mfa"/><div id="status">${status}</div></form></html>`;

/**
 * Connect client options aimed at a fake server, with quick retries and a recorded (not
 * slept) backoff: each delay the client would wait is pushed onto `delays`.
 */
export function fakeClientOptions(server: Pick<FakeGarmin, 'url'>, delays: number[]) {
  return {
    ssoBaseUrl: server.url,
    connectBaseUrl: server.url,
    consumer: { key: 'ck', secret: 'cs' },
    retry: { retries: 3, baseDelayMs: 10, maxDelayMs: 5000 },
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}

/** The environment that points the built CLI at the fake server (plain http on loopback, short retries). */
export function fakeGarminCliEnv(server: Pick<FakeGarmin, 'url'>, retryMaxMs = 50): Record<string, string> {
  return {
    COACH_TEST_INSECURE_ENDPOINTS: '1',
    GARMIN_SSO_BASE_URL: server.url,
    GARMIN_CONNECT_BASE_URL: server.url,
    GARMIN_OAUTH_CONSUMER_KEY: 'ck',
    GARMIN_OAUTH_CONSUMER_SECRET: 'cs',
    COACH_GARMIN_RETRY_BASE_MS: '5',
    COACH_GARMIN_RETRY_MAX_MS: String(retryMaxMs),
  };
}

export async function startFakeGarmin(data: FakeGarminData): Promise<FakeGarmin> {
  const log: string[] = [];
  const requests: FakeGarmin['requests'] = [];
  const failures: FakeGarmin['failures'] = {};
  let issued = 0;
  let loginRevoked = false;
  const validTokens = new Set<string>();
  const workouts: FakeGarmin['workouts'] = new Map();
  const schedules: FakeGarmin['schedules'] = new Map();
  let nextWorkoutId = 900_000;
  let nextScheduleId = 500_000;
  let clockOffsetMs = 0;
  const clock = () => Date.now() + clockOffsetMs;
  /** SSO sessions waiting for their MFA code, by the GARMIN-MFA cookie: when the code was sent; used codes are deleted. */
  const mfaSessions = new Map<string, number>();
  let mfaSent = 0;

  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json', headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => resolve(text));
    });

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    log.push(`${req.method} ${path}`);
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/' });
    const prefix = Object.keys(failures).find((p) => path.startsWith(p) && failures[p].length > 0);
    if (prefix) {
      const failure = failures[prefix].shift()!;
      return send(res, failure.status, { message: 'failure injected' }, 'application/json', failure.retryAfter ? { 'retry-after': failure.retryAfter } : {});
    }
    // --- SSO ---
    if (path === '/sso/embed') return send(res, 200, '<html>embed</html>', 'text/html', { 'set-cookie': 'GARMIN-SSO=1; Path=/' });
    if (path === '/sso/signin' && req.method === 'GET') {
      return send(res, 200, '<html><title>GARMIN Authentication Application</title><form><input type="hidden" name="_csrf" value="csrf-42"/></form></html>', 'text/html');
    }
    if (path === '/sso/signin' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('_csrf') !== 'csrf-42' || !String(req.headers.cookie).includes('GARMIN-SSO=1')) return send(res, 403, '<title>Forbidden</title>', 'text/html');
      if (form.get('username') !== data.email || form.get('password') !== data.password) {
        return send(res, 401, '<html><title>GARMIN Authentication Application</title><div id="status">Invalid sign in</div></html>', 'text/html');
      }
      if (data.mfa) {
        // Garmin emails a code now; it and this SSO session live mfaCodeSeconds.
        const sessionId = `mfa-${++mfaSent}`;
        mfaSessions.set(sessionId, clock());
        return send(res, 200, MFA_PAGE(''), 'text/html', { 'set-cookie': `GARMIN-MFA=${sessionId}; Path=/; HttpOnly` });
      }
      loginRevoked = false;
      return send(res, 200, SUCCESS_PAGE, 'text/html');
    }
    if (path === '/sso/verifyMFA/loginEnterMfaCode' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('_csrf') !== 'csrf-mfa' || !String(req.headers.cookie).includes('GARMIN-SSO=1') || !data.mfa) return send(res, 403, '<title>Forbidden</title>', 'text/html');
      const sessionId = String(req.headers.cookie).match(/GARMIN-MFA=([^;\s]+)/)?.[1];
      const sentAt = sessionId === undefined ? undefined : mfaSessions.get(sessionId);
      if (sentAt === undefined) return send(res, 403, '<title>Forbidden</title>', 'text/html');
      const code = form.get('mfa-code');
      const expired = clock() - sentAt > (data.mfaCodeSeconds ?? 600) * 1000;
      if (expired || (data.expiredMfaCode && code === data.expiredMfaCode)) return send(res, 200, MFA_PAGE('This code has expired. Request a new code.'), 'text/html');
      if (code !== (data.mfaCode ?? '123456')) return send(res, 200, MFA_PAGE('Invalid code. Please try again.'), 'text/html');
      mfaSessions.delete(sessionId!);
      loginRevoked = false;
      return send(res, 200, SUCCESS_PAGE, 'text/html');
    }
    // --- OAuth ---
    if (path === '/oauth-service/oauth/preauthorized') {
      if (!String(req.headers.authorization).startsWith('OAuth ') || url.searchParams.get('ticket') !== 'ST-0123-abc') return send(res, 401, {});
      return send(res, 200, 'oauth_token=tok1&oauth_token_secret=sec1', 'text/plain');
    }
    if (path === '/oauth-service/oauth/exchange/user/2.0') {
      const auth = String(req.headers.authorization);
      if (!auth.startsWith('OAuth ') || !auth.includes('oauth_token="tok1"') || loginRevoked) return send(res, 401, {});
      const token = `access-${++issued}`;
      validTokens.add(token);
      return send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: data.accessTokenSeconds ?? 3600, refresh_token: 'r' });
    }
    // --- API ---
    const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!validTokens.has(bearer)) return send(res, 401, { message: 'unauthorized' });
    if (path === '/userprofile-service/socialProfile') return send(res, 200, { displayName: 'ada-runner', userName: data.email });
    if (path === '/userprofile-service/userprofile/user-settings') {
      return data.gender ? send(res, 200, { id: 42, userData: { gender: data.gender, weight: 61000, measurementSystem: 'metric' } }) : send(res, 404, {});
    }
    if (path === '/activitylist-service/activities/search/activities') {
      const from = url.searchParams.get('startDate')!;
      const to = url.searchParams.get('endDate')!;
      const start = Number(url.searchParams.get('start'));
      const limit = Number(url.searchParams.get('limit'));
      const inRange = data.activities.filter((a) => {
        const day = String(a.startTimeGMT).slice(0, 10);
        return day >= from && day <= to;
      });
      return send(res, 200, inRange.slice(start, start + limit));
    }
    let m: RegExpMatchArray | null;
    if ((m = path.match(/^\/download-service\/files\/activity\/(\d+)$/))) {
      const original = data.originals?.[m[1]];
      if (!original) return send(res, 404, { message: 'no file' });
      const body = Buffer.from(original.body);
      res.writeHead(200, { 'content-type': original.contentType ?? 'application/x-zip-compressed', 'content-length': String(body.length) });
      if (original.truncateAt === undefined) return res.end(body);
      res.write(body.subarray(0, original.truncateAt));
      return void setTimeout(() => res.destroy(), 10);
    }
    if ((m = path.match(/^\/wellness-service\/wellness\/dailySleepData\/ada-runner$/))) {
      const date = url.searchParams.get('date')!;
      const sleep = data.days[date]?.sleep;
      return send(res, 200, sleep ? { dailySleepDTO: { calendarDate: date, ...sleep } } : { dailySleepDTO: { calendarDate: date } });
    }
    if ((m = path.match(/^\/hrv-service\/hrv\/(\d{4}-\d{2}-\d{2})$/))) {
      const hrv = data.days[m[1]]?.hrv;
      return hrv ? send(res, 200, { hrvSummary: { calendarDate: m[1], ...hrv } }) : send(res, 204, '');
    }
    if ((m = path.match(/^\/usersummary-service\/usersummary\/daily\/ada-runner$/))) {
      const date = url.searchParams.get('calendarDate')!;
      return send(res, 200, { calendarDate: date, ...(data.days[date]?.summary ?? {}) });
    }
    if ((m = path.match(/^\/metrics-service\/metrics\/trainingreadiness\/(\d{4}-\d{2}-\d{2})$/))) {
      const score = data.days[m[1]]?.readiness;
      return send(res, 200, score === undefined ? [] : [{ calendarDate: m[1], score, level: 'HIGH' }]);
    }
    if ((m = path.match(/^\/metrics-service\/metrics\/maxmet\/daily\/(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/))) {
      const entries = Object.entries(data.days)
        .filter(([date, d]) => d.vo2max !== undefined && date >= m![1] && date <= m![2])
        .map(([date, d]) => ({ generic: { calendarDate: date, vo2MaxPreciseValue: d.vo2max, vo2MaxValue: Math.round(d.vo2max!) }, cycling: null }));
      return send(res, 200, entries);
    }
    if ((m = path.match(/^\/metrics-service\/metrics\/trainingstatus\/aggregated\/(\d{4}-\d{2}-\d{2})$/))) {
      return send(res, 200, trainingStatusBody(m[1], data.days[m[1]]?.trainingStatus, data.days[m[1]]?.vo2max));
    }
    if ((m = path.match(/^\/metrics-service\/metrics\/racepredictions\/daily\/ada-runner$/))) {
      const from = url.searchParams.get('fromCalendarDate') ?? '';
      const to = url.searchParams.get('toCalendarDate') ?? '';
      if (!from || !to) return send(res, 400, { message: 'fromCalendarDate and toCalendarDate are required' });
      const entries = Object.entries(data.days)
        .filter(([date, d]) => d.racePredictions !== undefined && date >= from && date <= to)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([date, d]) => ({ userId: 42, calendarDate: date, ...d.racePredictions }));
      return send(res, 200, entries);
    }
    // --- workout service: the workout library and the calendar ---
    if (path === '/workout-service/workout' && req.method === 'POST') {
      const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      if (!body.workoutName || !Array.isArray(body.workoutSegments)) return send(res, 400, { message: 'bad workout' });
      const workoutId = String(++nextWorkoutId);
      workouts.set(workoutId, { ...body, workoutId: Number(workoutId) });
      return send(res, 200, { ...body, workoutId: Number(workoutId), ownerId: 42 });
    }
    if ((m = path.match(/^\/workout-service\/workout\/(\d+)$/))) {
      const id = m[1];
      if (!workouts.has(id)) return send(res, 404, { message: 'no such workout' });
      if (req.method === 'PUT') {
        const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
        if (String(body.workoutId) !== id) return send(res, 400, { message: 'workoutId mismatch' });
        workouts.set(id, body);
        res.writeHead(204);
        return res.end();
      }
      if (req.method === 'DELETE') {
        workouts.delete(id);
        for (const [scheduleId, entry] of schedules) if (entry.workoutId === id) schedules.delete(scheduleId);
        res.writeHead(204);
        return res.end();
      }
      if (req.method === 'GET') return send(res, 200, workouts.get(id));
    }
    if ((m = path.match(/^\/workout-service\/schedule\/(\d+)$/))) {
      const id = m[1];
      if (req.method === 'POST') {
        if (!workouts.has(id)) return send(res, 404, { message: 'no such workout' });
        const body = JSON.parse(await readBody(req)) as { date?: string };
        if (!/^\d{4}-\d{2}-\d{2}$/.test(String(body.date))) return send(res, 400, { message: 'bad date' });
        const workoutScheduleId = String(++nextScheduleId);
        schedules.set(workoutScheduleId, { workoutId: id, date: body.date! });
        return send(res, 200, { workoutScheduleId: Number(workoutScheduleId), workout: workouts.get(id), calendarDate: body.date });
      }
      if (req.method === 'DELETE') {
        if (!schedules.delete(id)) return send(res, 404, { message: 'no such scheduled workout' });
        res.writeHead(204);
        return res.end();
      }
    }
    send(res, 404, { message: `no route ${path}` });
  };

  const server: Server = createServer((req, res) => {
    handler(req, res).catch((error) => send(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    data,
    log,
    requests,
    bearerToken: () => {
      const token = `access-${++issued}`;
      validTokens.add(token);
      return token;
    },
    failures,
    workouts,
    schedules,
    revokeAccessTokens: () => validTokens.clear(),
    mfaCodesSent: () => mfaSent,
    advanceClock: (ms: number) => {
      clockOffsetMs += ms;
    },
    revokeLogin: () => {
      loginRevoked = true;
      validTokens.clear();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
