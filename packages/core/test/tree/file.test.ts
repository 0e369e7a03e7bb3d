import { BadRequestError } from '@zoa/core';
import { File } from '@zoa/core/tree';
import { inTxn, openTreeDb } from './fixtures/tree-db';

describe('File', () => {
  it('keeps binary data, its content type and size', () => {
    const file = new File('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), {
      contentType: 'image/png',
      title: 'Logo',
    });
    expect(file.getSize()).toBe(4);
    expect(file.getContentType()).toBe('image/png');
    expect(file.metaType).toBe('File');
    expect(file.titleOrId()).toBe('Logo');
    expect(new File('empty').getContentType()).toBe('application/octet-stream');
    expect(new File('text', 'héllo').getSize()).toBe(6);
  });

  it('copies the data it is given', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const file = new File('f', bytes);
    bytes[0] = 9;
    expect([...file.data]).toEqual([1, 2, 3]);
  });

  it('updates data and content type', () => {
    const file = new File('f', 'a', { contentType: 'text/plain' });
    file.updateData('longer');
    expect(file.getContentType()).toBe('text/plain');
    file.updateData(Buffer.from('<svg/>'), 'image/svg+xml');
    expect(file.data.toString()).toBe('<svg/>');
    expect(file.getContentType()).toBe('image/svg+xml');
  });

  it.each(['text/html\r\nSet-Cookie: x=y', 'html', '', 'text/<b>'])(
    'refuses the content type %j',
    (type) => {
      expect(() => new File('f', '', { contentType: type })).toThrow(BadRequestError);
      const file = new File('f');
      expect(() => file.updateData('x', type)).toThrow(BadRequestError);
      expect(() => file.manageChangeProperties({ contentType: type })).toThrow(BadRequestError);
      expect(file.getContentType()).toBe('application/octet-stream');
    },
  );

  it('has contentType as a property', () => {
    const file = new File('f');
    expect(file.propertyIds()).toEqual(['title', 'contentType']);
    file.manageChangeProperties({ contentType: 'text/csv; charset=utf-8' });
    expect(file.getContentType()).toBe('text/csv; charset=utf-8');
  });

  it('stores its data in one record and reloads it byte for byte', async () => {
    const db = await openTreeDb();
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await inTxn(db, (app) =>
      app.setObject('bin', new File('bin', bytes, { contentType: 'application/x-test' })),
    );
    await inTxn(db, async (app) => {
      const file = (await app.get('bin')) as File;
      expect(Buffer.isBuffer(file.data)).toBe(true);
      expect(file.data.equals(bytes)).toBe(true);
      expect(file.getSize()).toBe(256);
    });
    await db.close();
  });
});
