import { VendorHttpError } from './VendorHttpError';

const answer = (status: number, body: string) =>
  new Response(body, { status, headers: { 'retry-after': '3' } });

describe('VendorHttpError', () => {
  it('names the call, the status and the vendor message, and keeps the headers', async () => {
    const error = await VendorHttpError.assertOk(
      answer(429, JSON.stringify({ message: 'Too many requests' })),
      'Opsgenie incidents',
    ).catch(e => e);
    expect(error).toBeInstanceOf(VendorHttpError);
    expect(error.status).toBe(429);
    expect(error.headers['retry-after']).toBe('3');
    expect(error.message).toBe(
      'Opsgenie incidents: HTTP 429 Too many requests',
    );
  });

  it('reads an item the vendor no longer has as undefined, and nothing else', async () => {
    const gone = VendorHttpError.assertOk(answer(404, ''), 'ClickUp task 1');
    expect(await VendorHttpError.unlessGone(gone)).toBeUndefined();
    expect(
      await VendorHttpError.unlessGone(Promise.resolve({ id: 'a' })),
    ).toEqual({ id: 'a' });
    const refused = VendorHttpError.assertOk(answer(403, ''), 'ClickUp task 2');
    await expect(VendorHttpError.unlessGone(refused)).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      VendorHttpError.unlessGone(Promise.reject(new Error('socket hang up'))),
    ).rejects.toThrow('socket hang up');
  });
});
