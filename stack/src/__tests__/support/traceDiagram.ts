import type { ReceivedSpan } from './otlpReceiver';

/**
 * A Mermaid gantt chart of one trace: a section per service, in the order the request reached
 * them, and a bar per span, in milliseconds from the trace's start.
 */
export function traceGantt(spans: ReceivedSpan[], title: string): string {
  const sorted = [...spans].sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
  const origin = sorted[0]?.startNs ?? 0n;
  const ms = (ns: bigint) => Number((ns - origin) / 1000n) / 1000;
  const lines = ['gantt', `  title ${title}`, '  dateFormat x', '  axisFormat %L ms'];
  const services = [...new Set(sorted.map((span) => span.service))];
  for (const service of services) {
    lines.push(`  section ${service}`);
    for (const span of sorted.filter((candidate) => candidate.service === service)) {
      const start = ms(span.startNs);
      // A bar of under a millisecond would not show.
      const end = Math.max(ms(span.endNs), start + 1);
      lines.push(`  ${span.name.replace(/[:#;]/g, ' ')} :${Math.round(start)}, ${Math.round(end)}`);
    }
  }
  return `\`\`\`mermaid\n${lines.join('\n')}\n\`\`\`\n`;
}
