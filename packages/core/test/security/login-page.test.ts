import { renderLoginPage } from '@zoa/core/security';

describe('renderLoginPage', () => {
  it('M-12: escapes every value it shows', () => {
    const evil = '"><script>alert(1)</script>';
    const html = renderLoginPage({
      action: `/login${evil}`,
      csrfToken: evil,
      cameFrom: evil,
      userName: evil,
      message: evil,
      loggedInAs: evil,
      logoutAction: evil,
      logoutCsrfToken: evil,
    });
    expect(html).not.toContain('<script>');
    expect(html.match(/&quot;&gt;&lt;script&gt;/g)).toHaveLength(8);
  });

  it('posts name, password, came_from and the CSRF token', () => {
    const html = renderLoginPage({ action: '/login', csrfToken: 'T', cameFrom: '/docs/' });
    expect(html).toContain('<form method="post" action="/login">');
    expect(html).toContain('<input type="hidden" name="csrf_token" value="T">');
    expect(html).toContain('<input type="hidden" name="came_from" value="/docs/">');
    expect(html).toContain('name="name" autocomplete="username"');
    expect(html).toContain('name="password" type="password" autocomplete="current-password"');
    expect(html).not.toMatch(/<script|<style|style=/);
  });
});
