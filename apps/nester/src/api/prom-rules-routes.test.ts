import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestNester } from '../testing/test-app.js';
import type { TestNester } from '../testing/test-app.js';

describe('rules and alerts endpoints', () => {
  let n: TestNester;
  const get = async (url: string) => {
    const res = await n.app.inject({ url, headers: { cookie: n.adminCookie } });
    return { status: res.statusCode, body: res.json<unknown>() };
  };

  before(async () => {
    n = await startTestNester();
  });
  after(() => n.close());

  const empty: Array<[string, unknown]> = [
    ['/api/v1/rules', { groups: [] }],
    ['/api/v1/rules?type=alert&exclude_alerts=true&match[]=up', { groups: [] }],
    ['/api/v1/rules?type=RECORD&group_limit=10', { groups: [] }],
    ['/api/v1/alerts', { alerts: [] }],
  ];
  for (const [url, want] of empty) {
    it(`answers ${url} with nothing yet`, async () => {
      assert.deepEqual(await get(url), { status: 200, body: { status: 'success', data: want } });
    });
  }

  const bad: Array<[string, string]> = [
    ['/api/v1/rules?type=both', 'invalid parameter "type": not supported value "both"'],
    ['/api/v1/rules?match[]=sum(up)', 'invalid parameter "match[]": "sum(up)" is not a series selector'],
    [
      '/api/v1/rules?exclude_alerts=maybe',
      'invalid parameter "exclude_alerts": error converting exclude_alerts: strconv.ParseBool: parsing "maybe": invalid syntax',
    ],
    [
      '/api/v1/rules?group_next_token=abc',
      'invalid parameter "group_next_token": group_limit needs to be present in order to paginate over the groups',
    ],
    [
      '/api/v1/rules?group_limit=x',
      'invalid parameter "group_limit": group_limit needs to be a valid number: strconv.ParseInt: parsing "x": invalid syntax',
    ],
    [
      '/api/v1/rules?group_limit=0',
      'invalid parameter "group_limit": group_limit needs to be greater than 0',
    ],
    [
      '/api/v1/rules?group_limit=2&group_next_token=abc',
      'invalid parameter "group_next_token": invalid group_next_token \'abc\'. were rule groups changed?',
    ],
  ];
  for (const [url, message] of bad) {
    it(`refuses ${url} with 400 bad_data`, async () => {
      assert.deepEqual(await get(url), {
        status: 400,
        body: { status: 'error', errorType: 'bad_data', error: message },
      });
    });
  }
});
