// T-16: every test file must leave the built-in prototypes untouched (Object.prototype and the
// rest reachable from these globals). Other globals (Error.prepareStackTrace, timers, jest's own)
// legitimately change while tests run, so they are not tracked.
//
// Koa is loaded first: koa → http-assert → deep-equal@1.0.1 adds `shim` to Object.keys on load,
// a harmless change of a dependency that would otherwise be reported in every test using Koa.
import 'koa';
import { assertNoPoisoning, restoreGlobals } from '@fast-check/poisoning';

const TRACKED =
  'Object|Function|Array|String|Number|Boolean|Symbol|BigInt|Map|Set|WeakMap|WeakSet|Promise|JSON|Reflect|RegExp|Date|Math';
const options = { ignoredRootRegex: new RegExp(`^(?!(?:${TRACKED})$)`) };

afterAll(() => {
  try {
    assertNoPoisoning(options);
  } finally {
    restoreGlobals(options);
  }
});
