// The JSON of a training history, for a checkpoint's header. A run saves at every evaluation,
// and a long history (200,000 logged steps: 34 MB of JSON) took about a second to stringify
// each time. For a history whose lists only grow (points are never changed once logged, as
// in the trainer's), historyJson(metrics, true) stringifies each list once and then only the
// points added since the last save. The text is what JSON.stringify gives.
import type { MetricsHistory } from '../../shared/metrics';

/** Per list: how many of its entries the cached text holds, and that text (without brackets). */
const listText = new WeakMap<readonly unknown[], { count: number; body: string }>();

function listJson(list: readonly unknown[], growsOnly: boolean): string {
  if (!growsOnly) return JSON.stringify(list);
  const cached = listText.get(list);
  const from = cached && cached.count <= list.length ? cached.count : 0;
  const added: string[] = [];
  for (let i = from; i < list.length; i++) added.push(JSON.stringify(list[i]) ?? 'null');
  // Concatenated, not joined: the cached text is not copied here (the header's Buffer copies it once).
  const body = from === 0 ? added.join(',') : added.length ? `${cached!.body},${added.join(',')}` : cached!.body;
  listText.set(list, { count: list.length, body });
  return `[${body}]`;
}

/** The history as JSON.stringify writes it (its lists, in order; startEval when present). */
export function historyJson(metrics: MetricsHistory, growsOnly = false): string {
  const starts = metrics.startEval ? `,"startEval":${JSON.stringify(metrics.startEval)}` : '';
  return `{"runs":${JSON.stringify(metrics.runs)},"train":${listJson(metrics.train, growsOnly)},"eval":${listJson(metrics.eval, growsOnly)},"baselines":${JSON.stringify(metrics.baselines)}${starts}}`;
}
