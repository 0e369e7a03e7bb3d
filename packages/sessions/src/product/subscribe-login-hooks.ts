import { onLogin, onLogout } from '@zoa/core';
import { endSession, rotateBrowserId } from '../koa/rotate-browser-id';

let loginSubscribers = 0;
let unsubscribeLogin: (() => void)[] = [];

/**
 * Subscribes browser id rotation to the security layer's `onLogin` hook (S-11) and session end
 * to `onLogout` (S-18), once per process however many sites use the product; returns the
 * function that unsubscribes (the last one to call it really does).
 *
 * @example
 * ```ts
 * const stop = subscribeLoginHooks(); // in the product's onOpen
 * stop(); // when the site closes
 * ```
 */
export function subscribeLoginHooks(): () => void {
  if (loginSubscribers === 0) {
    unsubscribeLogin = [
      onLogin(async (ctx) => void (await rotateBrowserId(ctx))),
      onLogout(async (ctx) => void (await endSession(ctx))),
    ];
  }
  loginSubscribers += 1;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    loginSubscribers -= 1;
    if (loginSubscribers === 0) for (const unsubscribe of unsubscribeLogin.splice(0)) unsubscribe();
  };
}
