import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-node';

/**
 * The fuzz suites' jest environment: Node's, plus a way to watch the real process for unhandled rejections. A test
 * file's `process` is a copy (jest-util createProcessObject), so `process.on('unhandledRejection')` inside a test
 * never fires; the app's promises are tracked by the real process, which only this module can reach.
 */
export default class FuzzEnvironment extends TestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    /** Subscribes `fn` to the real process's unhandled rejections; returns the unsubscribe. */
    (this.global as Record<string, unknown>).__watchUnhandledRejections = (fn: (reason: unknown) => void) => {
      process.on('unhandledRejection', fn);
      return () => void process.off('unhandledRejection', fn);
    };
  }
}
