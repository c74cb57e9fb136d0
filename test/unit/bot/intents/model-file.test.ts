import { describe, expect, it } from 'vitest';
import {
  acrossWordsFeatureOptions,
  decodeIntentModel,
  defaultFeatureOptions,
  encodeIntentModel,
  IntentModel,
  ModelFileError,
  trainIntentModel,
  type EnsembleMember,
} from '../../../../src/core/bot/intents/index.ts';
import { testExamples, trainingExamples } from './fixtures.ts';

describe('intent model files', () => {
  const model = trainIntentModel(trainingExamples, { seed: 5 });

  it('load what was saved and classify every message identically', () => {
    const loaded = decodeIntentModel(encodeIntentModel(model));
    expect(loaded.labels).toEqual(model.labels);
    expect(loaded.settings).toEqual(model.settings);
    for (const { text } of [...testExamples, { text: '' }, { text: 'ещё один депозит USDT' }]) {
      expect(Array.from(loaded.probabilities(text))).toEqual(Array.from(model.probabilities(text)));
      expect(loaded.classify(text)).toEqual(model.classify(text));
    }
  });

  it('read from a buffer at any byte offset (as Node file reads return them)', () => {
    const bytes = encodeIntentModel(model);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const loaded = decodeIntentModel(shifted.subarray(3));
    expect(loaded.classify('hello')).toEqual(model.classify('hello'));
  });

  it('a linear-only model round-trips too', () => {
    const linear = trainIntentModel(trainingExamples, { networkSeeds: [], calibrationFraction: 0 });
    const loaded = decodeIntentModel(encodeIntentModel(linear));
    expect(loaded.classify('забыл пароль')).toEqual(linear.classify('забыл пароль'));
  });

  it('a model of two feature views round-trips, and a member may not read a view the file lacks', () => {
    const twoViews = trainIntentModel(trainingExamples, { views: [defaultFeatureOptions, acrossWordsFeatureOptions], calibrationFraction: 0 });
    const loaded = decodeIntentModel(encodeIntentModel(twoViews));
    expect(Array.from(loaded.probabilities('top up failed'))).toEqual(Array.from(twoViews.probabilities('top up failed')));
    const extra = { ...(model.members[0] as EnsembleMember), view: 1 };
    const broken = new IntentModel(model.labels, model.views, [...model.members, extra], model.settings);
    expect(() => decodeIntentModel(encodeIntentModel(broken))).toThrow(/feature view 1 of 1/);
    // A second view doubles training: seconds on a busy machine.
  }, 60_000);

  it('reject files that are not models, or are cut short', () => {
    expect(() => decodeIntentModel(new TextEncoder().encode('{"not": "a model"}'))).toThrow(ModelFileError);
    const bytes = encodeIntentModel(model);
    expect(() => decodeIntentModel(bytes.subarray(0, bytes.length - 100))).toThrow(/truncated/);
  });
});
