export { main } from './main';
export type { Command } from './main';
export { serve } from './serve';
export type { RunningServer, ServeOptions } from './serve';
