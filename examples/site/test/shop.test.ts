import fs from 'node:fs';
import request from 'supertest';
import type { Site } from '@zoa/core';
import { openExample, tempSiteDir } from './example-site';

/** The cookies a response sets, as a Cookie header value. */
function cookiesOf(response: request.Response): string {
  const set = (response.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return set.map((cookie) => cookie.split(';')[0]).join('; ');
}

describe('the example site', () => {
  let dir: string;
  let site: Site | undefined;
  beforeEach(() => {
    dir = tempSiteDir();
  });
  afterEach(async () => {
    await site?.close();
    site = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows anonymous visitors the home page, the catalogue and an item', async () => {
    const opened = await openExample(dir);
    site = opened.site;
    const home = await request(opened.handler).get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<h1>Welcome to Zoa Coffee</h1>');
    expect(home.headers['set-cookie']).toBeUndefined(); // S-24: no session touched
    const catalogue = await request(opened.handler).get('/catalogue/');
    expect(catalogue.status).toBe(200);
    expect(catalogue.text).toContain('Espresso beans, 1 kg');
    expect(catalogue.text).toContain('€21.50');
    const item = await request(opened.handler).get('/catalogue/grinder');
    expect(item.text).toContain('Steel burrs, 40 settings.');
    expect((await request(opened.handler).get('/site.css')).type).toBe('text/css');
  });

  it('asks for a login in the ZMI', async () => {
    const opened = await openExample(dir);
    site = opened.site;
    const response = await request(opened.handler).get('/manage_main').set('Accept', 'text/html');
    expect(response.status).toBe(401);
    expect(response.text).toContain('name="password"');
  });

  it('keeps a cart in the session: add, remove, check out', async () => {
    const opened = await openExample(dir);
    site = opened.site;
    const app = request(opened.handler);
    const added = await app
      .post('/cart_add')
      .type('form')
      .send({ item: 'espresso', quantity: '2' });
    expect(added.status).toBe(303);
    expect(added.headers.location).toMatch(/^\/cart\?message=Added/);
    const cookie = cookiesOf(added);
    expect(cookie).toMatch(/^_ZopeId=[\w-]{43}$/);
    await app.post('/cart_add').set('Cookie', cookie).type('form').send({ item: 'filter' });
    const cart = await app.get('/cart').set('Cookie', cookie);
    expect(cart.text).toContain('Espresso beans, 1 kg');
    expect(cart.text).toContain('€55.90'); // 2 × 21.50 + 12.90
    await app.post('/cart_remove').set('Cookie', cookie).type('form').send({ item: 'filter' });
    expect((await app.get('/cart').set('Cookie', cookie)).text).toContain('€43.00');
    const checkout = await app.post('/checkout').set('Cookie', cookie);
    expect(checkout.text).toContain('Total: <strong>€43.00</strong>');
    expect((await app.get('/cart').set('Cookie', cookie)).text).toContain('Your cart is empty.');
  });

  it('refuses bad cart input with a clear 400 and keeps the cart', async () => {
    const opened = await openExample(dir);
    site = opened.site;
    const app = request(opened.handler);
    const cookie = cookiesOf(await app.post('/cart_add').type('form').send({ item: 'espresso' }));
    const bad = await app
      .post('/cart_add')
      .set('Cookie', cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ item: 'espresso', quantity: '1e9' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('The quantity must be a whole number from 1 to 99.');
    const missing = await app
      .post('/cart_add')
      .set('Cookie', cookie)
      .type('form')
      .send({ item: 'nope' });
    expect(missing.status).toBe(404);
    expect((await app.get('/cart').set('Cookie', cookie)).text).toContain('€21.50');
  });

  it('shows session facts and forgets sessions on restart, keeping the content', async () => {
    let opened = await openExample(dir);
    site = opened.site;
    const first = await request(opened.handler).get('/session_info');
    expect(first.text).toContain('new: issued by this request');
    const cookie = cookiesOf(first);
    await request(opened.handler)
      .post('/cart_add')
      .set('Cookie', cookie)
      .type('form')
      .send({ item: 'grinder' });
    const again = await request(opened.handler).get('/session_info').set('Cookie', cookie);
    expect(again.text).toContain('known: sent by your browser');
    expect(again.text).toContain('cart');
    await site.close();

    opened = await openExample(dir);
    site = opened.site;
    const afterRestart = await request(opened.handler).get('/cart').set('Cookie', cookie);
    expect(afterRestart.text).toContain('Your cart is empty.');
    expect((await request(opened.handler).get('/catalogue/')).text).toContain('Hand grinder');
  });
});
