import { RecordingLogger } from './fixtures/fake-clock';
import { notifyTarget } from '../../src/transience/notify-target';

function context(logger: RecordingLogger, resolvePath?: (path: string) => unknown) {
  return {
    container: { name: 'container' },
    where: 'Transient Object Container at /temp_folder/session_data',
    resolvePath: resolvePath as never,
    logger,
  };
}

describe('notifyTarget', () => {
  it('calls a function target with (item, container) and waits for it', async () => {
    const logger = new RecordingLogger();
    const calls: unknown[][] = [];
    const ctx = context(logger);
    await notifyTarget('add', async (...args) => calls.push(args), 'item', ctx);
    expect(calls).toEqual([['item', ctx.container]]);
  });

  it('does nothing when there is no target', async () => {
    const logger = new RecordingLogger();
    await notifyTarget('delete', null, 'item', context(logger));
    await notifyTarget('delete', '', 'item', context(logger));
    expect(logger.warnings).toEqual([]);
  });

  it('logs Zope messages for a missing or non-callable path target', async () => {
    const logger = new RecordingLogger();
    await notifyTarget('add', '/a', 'item', context(logger));
    await notifyTarget(
      'delete',
      '/b',
      'item',
      context(logger, () => undefined),
    );
    await notifyTarget(
      'delete',
      '/c',
      'item',
      context(logger, () => 42),
    );
    expect(logger.messages).toEqual([
      'No such onAdd method /a referenced via Transient Object Container at /temp_folder/session_data',
      'No such onDelete method /b referenced via Transient Object Container at /temp_folder/session_data',
      'notifyDel in Transient Object Container at /temp_folder/session_data attempted to call non-callable /c',
    ]);
  });

  it('logs a resolver that throws, and the missing target, without raising', async () => {
    const logger = new RecordingLogger();
    const failure = new Error('traversal failed');
    await notifyTarget(
      'add',
      '/a',
      'item',
      context(logger, () => {
        throw failure;
      }),
    );
    expect(logger.warnings[0]).toEqual({
      message: 'Resolving /a failed in Transient Object Container at /temp_folder/session_data',
      error: failure,
    });
    expect(logger.warnings).toHaveLength(2);
  });

  it('logs a target that throws or rejects, and never raises', async () => {
    const logger = new RecordingLogger();
    const failure = new Error('boom');
    await expect(
      notifyTarget('delete', async () => Promise.reject(failure), 'item', context(logger)),
    ).resolves.toBeUndefined();
    expect(logger.warnings).toEqual([
      {
        message:
          'notifyDel failed when calling a function in Transient Object Container at /temp_folder/session_data',
        error: failure,
      },
    ]);
  });
});
