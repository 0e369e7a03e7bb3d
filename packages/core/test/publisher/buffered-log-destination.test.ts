import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { BufferedLogDestination } from '@zoa/core/publisher';

function target(): { chunks: string[]; write: (chunk: string) => void } {
  const chunks: string[] = [];
  return { chunks, write: (chunk) => void chunks.push(chunk) };
}

describe('BufferedLogDestination', () => {
  it('collects lines and writes them as one chunk once `bytes` characters are pending', () => {
    const sink = target();
    const destination = new BufferedLogDestination(sink, { bytes: 30, flushMs: 60_000 });
    destination.write('{"a":1}\n');
    destination.write('{"b":2}\n');
    destination.write('{"c":3}\n');
    expect(sink.chunks).toEqual([]);
    destination.write('{"d":4}\n'); // 32 characters pending
    expect(sink.chunks).toEqual(['{"a":1}\n{"b":2}\n{"c":3}\n{"d":4}\n']);
    destination.flushSync();
  });

  it('writes pending lines after flushMs', async () => {
    const sink = target();
    const destination = new BufferedLogDestination(sink, { flushMs: 20 });
    destination.write('line\n');
    expect(sink.chunks).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(sink.chunks).toEqual(['line\n']);
  });

  it('writes pending lines on flushSync and flush(callback), and nothing when none are pending', () => {
    const sink = target();
    const destination = new BufferedLogDestination(sink);
    destination.flushSync();
    destination.write('one\n');
    destination.flushSync();
    destination.write('two\n');
    const done = jest.fn();
    destination.flush(done);
    expect(sink.chunks).toEqual(['one\n', 'two\n']);
    expect(done).toHaveBeenCalledWith();
  });

  it('refuses sizes that are not positive numbers and a target without write()', () => {
    expect(() => new BufferedLogDestination(target(), { bytes: 0 })).toThrow(
      'BufferedLogDestination: bytes must be a positive number',
    );
    expect(() => new BufferedLogDestination(target(), { flushMs: Number.NaN })).toThrow(
      'BufferedLogDestination: flushMs must be a positive number',
    );
    expect(() => new BufferedLogDestination({} as never)).toThrow(
      'BufferedLogDestination: the target must have a write() method',
    );
  });

  it('writes pending lines when the process exits, also after an uncaught exception', () => {
    const register = path.resolve(__dirname, '../fixtures/register-ts.js');
    const script = `
      require(${JSON.stringify(register)});
      const { BufferedLogDestination } = require('@zoa/core/publisher');
      const destination = new BufferedLogDestination(
        { write: (chunk) => require('node:fs').writeSync(1, chunk) },
        { flushMs: 60000 },
      );
      destination.write('first\\n');
      destination.write('second\\n');
      if (process.env.MODE === 'throw') setImmediate(() => { throw new Error('boom'); });
      else process.exit(0);
    `;
    const run = (mode: string): string => {
      try {
        const env = { ...process.env, MODE: mode };
        const out = execFileSync(process.execPath, ['-e', script], { stdio: 'pipe', env });
        return `exit 0: ${String(out)}`;
      } catch (error) {
        const failed = error as { status: number; stdout: Buffer; stderr: Buffer };
        expect(String(failed.stderr)).toContain('boom');
        return `exit ${failed.status}: ${String(failed.stdout)}`;
      }
    };
    expect(run('exit')).toBe('exit 0: first\nsecond\n');
    expect(run('throw')).toBe('exit 1: first\nsecond\n');
  });
});
