import { describe, expect, it } from 'vitest';
import {
  acrossWordsFeatureOptions,
  defaultFeatureOptions,
  outOfScopeIntent,
  scoreIntents,
  trainIntentModel,
  type IntentModel,
} from '../../../../src/core/bot/intents/index.ts';
import { testExamples, trainingExamples } from './fixtures.ts';

// Small and fast: the fixture task trains in well under a second.
const model: IntentModel = trainIntentModel(trainingExamples, { seed: 3 });

function accuracyOf(trained: IntentModel): number {
  const scores = scoreIntents(
    testExamples.map((example) => {
      const prediction = trained.classify(example.text);
      return { expected: example.intent, predicted: prediction.top[0]?.intent ?? '', unsure: false, lang: example.lang ?? '' };
    }),
  );
  return scores.accuracy;
}

describe('intent classifier', () => {
  it('learns a small multilingual task, including phrasings it never saw', () => {
    expect(model.labels).toEqual(['deposit_not_credited', 'greeting', 'out_of_scope', 'password_reset', 'withdrawal_pending']);
    expect(accuracyOf(model)).toBeGreaterThanOrEqual(0.85);
    expect(model.classify('my USDT deposit has not arrived yet').top[0]?.intent).toBe('deposit_not_credited');
    expect(model.classify('olvidé la contraseña de mi cuenta').top[0]?.intent).toBe('password_reset');
    expect(model.classify('вывод BTC завис').top[0]?.intent).toBe('withdrawal_pending');
    expect(model.classify('我的ETH充值还没到账').top[0]?.intent).toBe('deposit_not_credited');
  });

  it('matches messages typed without accents or in other case', () => {
    expect(model.classify('OLVIDE MI CONTRASENA').top[0]?.intent).toBe('password_reset');
    expect(model.classify('deposito de usdt no ha llegado').top[0]?.intent).toBe('deposit_not_credited');
  });

  it('answers the top three intents, best first, with probabilities that sum to 1', () => {
    const { top } = model.classify('my withdrawal is pending');
    expect(top).toHaveLength(3);
    expect(top[0]?.intent).toBe('withdrawal_pending');
    for (let i = 1; i < top.length; i += 1) expect(top[i - 1]?.confidence).toBeGreaterThanOrEqual(top[i]?.confidence ?? 0);
    const all = model.probabilities('my withdrawal is pending');
    expect(all.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 9);
    expect(model.classify('hello', { topK: 5 }).top).toHaveLength(5);
  });

  it('is deterministic for a seed, and another seed gives another model', () => {
    const again = trainIntentModel(trainingExamples, { seed: 3 });
    const other = trainIntentModel(trainingExamples, { seed: 3, networkSeeds: [2] });
    for (const { text } of testExamples) {
      expect(Array.from(again.probabilities(text))).toEqual(Array.from(model.probabilities(text)));
    }
    const differs = testExamples.some(({ text }) => other.probabilities(text)[0] !== model.probabilities(text)[0]);
    expect(differs).toBe(true);
    // Two more trainings: seconds each on a busy machine.
  }, 60_000);

  it('is more confident when it is right than when it is wrong or the message is noise', () => {
    const clean = testExamples.map((example) => model.classify(example.text).top[0]?.confidence ?? 0);
    const noise = ['qwzx vbnm', '12345', '!!!', 'lorem ipsum dolor'].map((text) => model.classify(text).top[0]?.confidence ?? 0);
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(clean)).toBeGreaterThan(mean(noise));
    expect(model.settings.temperature).toBeGreaterThan(0);
  });

  it('answers out_of_scope as a class of its own', () => {
    expect(model.classify('what is the weather like tomorrow').top[0]?.intent).toBe(outOfScopeIntent);
    expect(model.classify('cuéntame un chiste, por favor').top[0]?.intent).toBe(outOfScopeIntent);
  });

  it('says it is unsure below its confidence threshold, and keeps the top three for a clarifying question', () => {
    const text = 'hello, my password and my deposit';
    const strict = model.withUnsureBelow(0.999).classify(text);
    expect(strict.unsure).toBe(true);
    expect(strict.top).toHaveLength(3);
    expect(model.withUnsureBelow(0).classify(text).unsure).toBe(false);
    expect(model.classify('I forgot my password').unsure).toBe(false);
  });

  it('classifies empty and very long messages without failing', () => {
    expect(model.classify('').top).toHaveLength(3);
    expect(model.classify('deposit '.repeat(2000)).top[0]?.intent).toBe('deposit_not_credited');
  });

  it('averages a network and a linear model over each feature view it is given', () => {
    const twoViews = trainIntentModel(trainingExamples, { seed: 3, views: [defaultFeatureOptions, acrossWordsFeatureOptions], calibrationFraction: 0 });
    expect(twoViews.views.map((view) => view.state.options.charAcrossWords)).toEqual([false, true]);
    expect(twoViews.members.map(({ scorer, view }) => `${scorer.kind}@${view}`)).toEqual([
      'hidden_layer_network@0',
      'softmax_regression@0',
      'hidden_layer_network@1',
      'softmax_regression@1',
    ]);
    expect(twoViews.classify('my USDT deposit has not arrived yet').top[0]?.intent).toBe('deposit_not_credited');
    // A second view doubles training: seconds on a busy machine.
  }, 60_000);

  it('refuses to train on fewer than two intents, or with no feature view', () => {
    expect(() => trainIntentModel([{ text: 'hello', intent: 'greeting' }])).toThrow(/two intents/);
    expect(() => trainIntentModel(trainingExamples, { views: [] })).toThrow(/no member/);
  });
});
