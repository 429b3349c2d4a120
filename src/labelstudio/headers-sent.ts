import { channel } from 'node:diagnostics_channel';

/**
 * Resolves once undici has written the headers of a request to `origin`, as told on undici's
 * documented `undici:client:sendHeaders` diagnostics channel. The entry waits for it before it
 * loads the rest of the action, so that loading never holds the first request back (issue 12).
 * `stop` resolves it too, for when no request will ever leave.
 */
export function headersSent(origin: string): { sent: Promise<void>; stop: () => void } {
  const sendHeaders = channel('undici:client:sendHeaders');
  let stop!: () => void;
  const sent = new Promise<void>((resolve) => {
    const onMessage = (message: unknown) => {
      if ((message as { request?: { origin?: unknown } }).request?.origin === origin) stop();
    };
    stop = () => {
      sendHeaders.unsubscribe(onMessage);
      resolve();
    };
    sendHeaders.subscribe(onMessage);
  });
  return { sent, stop };
}
