import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Endpoint, ScanResult } from '../../src/analyzers/model';
import { ResultDecoder, ResultEncoder } from '../../src/service/wire';
import { endpoint } from '../model-builders';

function resultOf(endpoints: Endpoint[]): ScanResult {
  return { schemaVersion: 1, root: '/ws', apps: [], endpoints, skipped: [], stats: { filesSeen: 1, filesRead: 1, filesParsed: 1, programFiles: 1, durationMs: 1 } };
}

/** What crosses the thread: a structured clone, as postMessage makes. */
const acrossThreads = <T>(value: T): T => structuredClone(value);

void test('endpoints sent before cross as ids; only new endpoints are copied, and the model comes out whole', () => {
  const encoder = new ResultEncoder();
  const decoder = new ResultDecoder();
  const a = endpoint({ name: 'a' });
  const b = endpoint({ name: 'b' });
  const first = encoder.encode('/ws', resultOf([a, b]));
  assert.equal(first.endpoints.filter((item) => typeof item === 'number').length, 0);
  assert.deepEqual(decoder.decode('/ws', acrossThreads(first)).endpoints, [a, b]);

  const b2 = endpoint({ name: 'b', auth: 'missing' });
  const second = encoder.encode('/ws', resultOf([a, b2]));
  assert.equal(typeof second.endpoints[0], 'number', 'the untouched endpoint is sent as its id');
  assert.notEqual(typeof second.endpoints[1], 'number');
  const decoded = decoder.decode('/ws', acrossThreads(second));
  assert.deepEqual(decoded.endpoints, [a, b2]);
  assert.equal(decoded.root, '/ws');

  // The receiver forgot b once b2 replaced it; a third result still resolves every id it is sent.
  const third = encoder.encode('/ws', resultOf([b2]));
  assert.deepEqual(decoder.decode('/ws', acrossThreads(third)).endpoints, [b2]);
});

void test('folders are kept apart, and an id the receiver never got is an error, not a wrong model', () => {
  const encoder = new ResultEncoder();
  const decoder = new ResultDecoder();
  const shared = endpoint({ name: 'a' });
  decoder.decode('/one', acrossThreads(encoder.encode('/one', resultOf([shared]))));
  const other = encoder.encode('/two', resultOf([shared]));
  assert.notEqual(typeof other.endpoints[0], 'number', 'a folder never sent it, so it is copied');
  decoder.decode('/two', acrossThreads(other));

  const again = encoder.encode('/one', resultOf([shared]));
  decoder.reset();
  assert.throws(() => decoder.decode('/one', acrossThreads(again)), /never received/);
});
