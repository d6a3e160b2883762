export { startStack, type StackHandle } from './stack';
export { loadStackConfig, type StackConfig } from './config';
