import { parseBasicCredentials } from '@zoa/core/security';

const basic = (text: string): string => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('parseBasicCredentials', () => {
  it('reads name and password, splitting at the first colon', () => {
    expect(parseBasicCredentials(basic('alice:se:cret'))).toEqual({
      name: 'alice',
      password: 'se:cret',
    });
    expect(parseBasicCredentials(`basic   ${basic('bob:pw').slice(6)}`)).toEqual({
      name: 'bob',
      password: 'pw',
    });
  });

  it('decodes UTF-8', () => {
    expect(parseBasicCredentials(basic('Zoë:pässword'))).toEqual({
      name: 'Zoë',
      password: 'pässword',
    });
  });

  it.each([
    ['absent', undefined],
    ['another scheme', 'Bearer abc.def'],
    ['no colon', basic('alice')],
    ['empty name', basic(':password')],
    ['not base64', 'Basic !!!'],
    ['too long', `Basic ${'A'.repeat(5000)}`],
  ])('ignores a header that is %s', (_label, header) => {
    expect(parseBasicCredentials(header)).toBeUndefined();
  });
});
