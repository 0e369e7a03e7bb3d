'use strict';
/**
 * Runs `fill` — a bench's bulk set-up — with V8's allocation-site pretenuring off, and turns it
 * back on afterwards (unless the process was started with it off).
 *
 * Why: V8 watches, at each young-generation collection, how many of the objects an allocation
 * site (an object or array literal in a function) made are still alive; once nearly all of them
 * are, it makes that site allocate in the old generation from then on, for good. A bulk fill
 * commits thousands of objects per transaction, so the objects the commit path makes (states,
 * records, write lists) live across collections and their sites are switched over. After the
 * fill, every request's short-lived commit objects then go straight to the old generation — at
 * 1M sessions about 1 MB per scavenge, each scavenge 1.5 to 2 times longer and a full collection
 * every few seconds. A site that grew to a million sessions one request at a time never commits
 * thousands of objects at once, so its sites stay young: the fill should not decide for it.
 * The servers then learn from their own traffic, as a site does.
 *
 * @example
 * ```js
 * await withoutPretenuring(() => fill(storage, ids));
 * ```
 */
const v8 = require('node:v8');

async function withoutPretenuring(fill) {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  try {
    return await fill();
  } finally {
    if (!process.execArgv.includes('--no-allocation-site-pretenuring')) {
      v8.setFlagsFromString('--allocation-site-pretenuring');
    }
  }
}

module.exports = { withoutPretenuring };
