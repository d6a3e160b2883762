import { ConfigError } from '@people/platform';
import { defaultWorkers, loadStackConfig } from '../config';

describe('worker processes of npm start', () => {
  it('leaves one core to the subgraphs and splits the rest between gateway and bridge', () => {
    expect([1, 2, 3, 4, 8, 16].map(defaultWorkers)).toEqual([1, 1, 1, 2, 4, 8]);
  });

  it('takes STACK_GATEWAY_WORKERS and STACK_BRIDGE_WORKERS', () => {
    expect(loadStackConfig({ STACK_GATEWAY_WORKERS: '3', STACK_BRIDGE_WORKERS: '2' }).workers).toEqual({
      gateway: 3,
      bridge: 2,
    });
  });

  it('refuses a count that is not a whole number above 0, naming the setting', () => {
    expect(() => loadStackConfig({ STACK_GATEWAY_WORKERS: '0' })).toThrow(ConfigError);
    expect(() => loadStackConfig({ STACK_BRIDGE_WORKERS: 'many' })).toThrow(/STACK_BRIDGE_WORKERS/);
  });
});
