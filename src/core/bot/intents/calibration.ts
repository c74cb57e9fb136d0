/**
 * Temperature scaling (Guo et al. 2017): one number that divides the log-probabilities so that a
 * confidence of 0.8 is right about 80% of the time on messages the model did not train on. It
 * never changes which intent ranks first, only how sure the bot says it is.
 */

/** Mean negative log-likelihood of the true classes after dividing log-probabilities by `temperature`. */
export function negativeLogLikelihood(logProbabilities: readonly Float64Array[], labels: ArrayLike<number>, temperature: number): number {
  let total = 0;
  for (let i = 0; i < logProbabilities.length; i += 1) {
    const row = logProbabilities[i] as Float64Array;
    let max = -Infinity;
    for (const value of row) max = Math.max(max, value / temperature);
    let sum = 0;
    for (const value of row) sum += Math.exp(value / temperature - max);
    total -= (row[labels[i] ?? 0] ?? 0) / temperature - max - Math.log(sum);
  }
  return total / Math.max(1, logProbabilities.length);
}

/** The temperature in [0.05, 20] minimising held-out negative log-likelihood (golden-section search on its log). */
export function fitTemperature(logProbabilities: readonly Float64Array[], labels: ArrayLike<number>): number {
  if (logProbabilities.length === 0) return 1;
  const loss = (logTemperature: number): number => negativeLogLikelihood(logProbabilities, labels, Math.exp(logTemperature));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(0.05);
  let high = Math.log(20);
  let left = high - ratio * (high - low);
  let right = low + ratio * (high - low);
  let leftLoss = loss(left);
  let rightLoss = loss(right);
  for (let i = 0; i < 40; i += 1) {
    if (leftLoss < rightLoss) {
      high = right;
      right = left;
      rightLoss = leftLoss;
      left = high - ratio * (high - low);
      leftLoss = loss(left);
    } else {
      low = left;
      left = right;
      leftLoss = rightLoss;
      right = low + ratio * (high - low);
      rightLoss = loss(right);
    }
  }
  return Math.exp((low + high) / 2);
}
