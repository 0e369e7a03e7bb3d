// T-16: every test file must leave Object.prototype (and friends) untouched.
import { assertNoPoisoning, restoreGlobals } from '@fast-check/poisoning';

afterAll(() => {
  try {
    assertNoPoisoning();
  } finally {
    restoreGlobals();
  }
});
